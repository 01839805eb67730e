import type { Static } from 'typebox';
import { advocacyResultOf, advocacyStepProblems, storedAdvocacy } from '../conversations/advocacy.js';
import type { Advocacy } from '../conversations/schemas.js';
import type { Database, DbOrTx } from '@threefold/db';
import {
  dateInEngland,
  nameToAddress,
  nextReviewProblem,
  plannedReviewWindow,
  reviewBudgetProblem,
  reviewTiming,
  unplannedReviewWindow,
  type IsoDate,
  type RuleProblem,
  type UnplannedReviewReason,
} from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound, ruleBreach } from '../../errors.js';
import { publishClaimed } from '../../outbox/publish-claimed.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { budgetRepository as budgets } from './repository.js';
import { reviewRepository as repo, type ReviewRow } from './review-repository.js';
import type { ReviewBody } from './schemas.js';

function reviewView(row: ReviewRow, personName: string, today: IsoDate): ReviewBody {
  return {
    id: row.id,
    budgetId: row.budgetId,
    personId: row.personId,
    personName,
    teamId: row.teamId,
    kind: row.kind,
    reason: row.reason as UnplannedReviewReason | null,
    requestNote: row.requestNote,
    dueFrom: row.dueFrom,
    dueBy: row.dueBy,
    status: row.status,
    timing: row.status === 'open' ? reviewTiming({ dueFrom: row.dueFrom, dueBy: row.dueBy }, today) : null,
    outcome: row.outcome,
    notes: row.notes,
    weeklyBeforePence: row.weeklyBeforePence,
    weeklyAfterPence: row.weeklyAfterPence,
    completedOn: row.completedOn,
    completedById: row.completedById,
    nextReviewId: row.nextReviewId,
    advocacy: storedAdvocacy(row.advocacy),
    advocacyResult: advocacyResultOf(row.advocacy),
    version: row.version,
  };
}

/** Reviews of support plans (Care Act s27): the lists, unplanned reviews and completing one. */
export class ReviewService {
  constructor(private readonly db: Database) {}

  private async view(actor: Actor, id: string): Promise<ReviewBody> {
    const found = await repo.withPerson(this.db, id);
    if (!found || (found.restricted && !actor.principal.permissions.has('people:restricted'))) throw notFound('review');
    return reviewView(found.r, nameToAddress(found.person), dateInEngland(actor.now()));
  }

  async review(actor: Actor, id: string): Promise<ReviewBody> {
    const review = await this.view(actor, id);
    await actor.audit(this.db, {
      action: 'review.read',
      resourceType: 'review',
      resourceId: review.id,
      personId: review.personId,
    });
    return review;
  }

  /**
   * Reviews for a team or a budget. `due` = in its window on the day, `overdue` = past it; both
   * are open. Ordered by the date each must be done by, so the most pressing come first.
   */
  async reviews(
    actor: Actor,
    query: {
      teamId?: string | undefined;
      budgetId?: string | undefined;
      status?: 'open' | 'due' | 'overdue' | 'completed' | undefined;
      asOf?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    },
  ) {
    const today = query.asOf ?? dateInEngland(actor.now());
    const rows = await repo.page(this.db, {
      teamId: query.teamId,
      budgetId: query.budgetId,
      status: query.status,
      today,
      includeRestricted: actor.principal.permissions.has('people:restricted'),
      after: decodeCursor<[string, string]>(query.cursor, 2) ?? null,
      limit: query.limit,
    });
    const page = pageOf(rows, query.limit, (x) => [x.r.dueBy, x.r.id]);
    await actor.audit(this.db, { action: 'review.list', resourceType: 'review', resourceId: null });
    return {
      items: page.items.map((x) => reviewView(x.r, nameToAddress(x.person), today)),
      nextCursor: page.nextCursor,
    };
  }

  async requestUnplannedReview(
    actor: Actor,
    input: { budgetId: string; reason: UnplannedReviewReason; note?: string | undefined },
  ) {
    asUser(actor.principal);
    const id = await this.db.transaction(async (tx) => {
      const budget = await budgets.byId(tx, input.budgetId);
      if (!budget) throw invalidField('budgetId', 'is not a known personal budget');
      if (budget.status !== 'signed_off') {
        throw new AppProblem(409, 'budget_not_live', 'Plan not live', 'Only a signed-off plan is reviewed.');
      }
      const window = unplannedReviewWindow(dateInEngland(actor.now()));
      const row = await repo.insert(tx, {
        budgetId: budget.id,
        personId: budget.personId,
        teamId: budget.teamId,
        kind: 'unplanned',
        reason: input.reason,
        requestNote: input.note ?? '',
        dueFrom: window.dueFrom,
        dueBy: window.dueBy,
        dueNotifiedAt: actor.now(),
      });
      // Asked for today, so due today: `review.due` goes now rather than waiting for the worker.
      await recordEvent(tx, {
        type: 'review.due',
        subjectType: 'review',
        subjectId: row.id,
        data: { budgetId: budget.id, personId: budget.personId, kind: 'unplanned', reason: input.reason },
      });
      await actor.audit(tx, {
        action: 'review.request',
        resourceType: 'review',
        resourceId: row.id,
        personId: budget.personId,
      });
      return row.id;
    });
    return this.view(actor, id);
  }

  async completeReview(
    actor: Actor,
    id: string,
    expected: number,
    body: {
      outcome: 'fully_met' | 'partially_met' | 'not_met';
      notes: string;
      weeklyPence: number;
      nextReviewOn: string;
      advocacy?: Static<typeof Advocacy> | undefined;
    },
  ) {
    const user = asUser(actor.principal);
    const today = dateInEngland(actor.now());
    await this.db.transaction(async (tx) => {
      const row = await repo.byIdForUpdate(tx, id);
      if (!row) throw notFound('review');
      if (row.version !== expected) throw staleVersion();
      if (row.status !== 'open') {
        throw new AppProblem(409, 'review_already_completed', 'Already completed', 'This review is already completed.');
      }
      const budget = await budgets.byId(tx, row.budgetId, true);
      if (!budget) throw notFound('personal budget');
      const current = budget.agreedWeeklyPence ?? budget.weeklyTotalPence;
      const found: (RuleProblem | null)[] = [
        reviewBudgetProblem(current, body.weeklyPence),
        nextReviewProblem(today, body.nextReviewOn),
      ];
      const problems = [
        ...found.filter((p): p is RuleProblem => p !== null),
        ...advocacyStepProblems(body.advocacy, 'the review is completed'),
      ];
      if (problems.length > 0) throw ruleBreach(problems[0]!.code, 'Review refused', problems);

      // One planned review is open at a time: completing any review moves it to the date set now.
      const window = plannedReviewWindow(body.nextReviewOn);
      const openPlanned = await repo.openPlanned(tx, budget.id, id);
      let nextId: string;
      if (openPlanned) {
        await repo.update(tx, openPlanned.id, {
          kind: 'planned',
          dueFrom: window.dueFrom,
          dueBy: window.dueBy,
          dueNotifiedAt: null,
        });
        nextId = openPlanned.id;
      } else {
        const next = await repo.insert(tx, {
          budgetId: budget.id,
          personId: budget.personId,
          teamId: budget.teamId,
          kind: 'planned',
          ...window,
        });
        nextId = next.id;
      }
      await repo.update(tx, id, {
        status: 'completed',
        outcome: body.outcome,
        notes: body.notes,
        weeklyBeforePence: current,
        weeklyAfterPence: body.weeklyPence,
        completedOn: today,
        completedAt: actor.now(),
        completedById: user.userId,
        ...(body.advocacy ? { advocacy: body.advocacy as unknown as Record<string, unknown> } : {}),
        nextReviewId: nextId,
      });
      if (body.weeklyPence !== current) {
        await budgets.update(tx, budget.id, { agreedWeeklyPence: body.weeklyPence }, actor.now());
      }
      await recordEvent(tx, {
        type: 'review.completed',
        subjectType: 'review',
        subjectId: id,
        data: {
          budgetId: budget.id,
          personId: budget.personId,
          outcome: body.outcome,
          weeklyBeforePence: current,
          weeklyAfterPence: body.weeklyPence,
          nextReviewOn: body.nextReviewOn,
        },
      });
      await actor.audit(tx, {
        action: 'review.complete',
        resourceType: 'review',
        resourceId: id,
        personId: budget.personId,
      });
    });
    return this.view(actor, id);
  }
}

/**
 * Publish `review.due` once for every open review whose window has opened by `today`. Rows are
 * claimed with SKIP LOCKED and marked in the same transaction as their events, so two API
 * instances never publish the same review twice.
 */
export async function markReviewsDue(db: Database, today: IsoDate, batch = 500): Promise<number> {
  return publishClaimed(
    db,
    (tx) => repo.claimDue(tx, today, batch),
    (r) => ({
      type: 'review.due',
      subjectType: 'review',
      subjectId: r.id,
      data: { budgetId: r.budget_id, personId: r.person_id, kind: r.kind },
    }),
  );
}

/**
 * The end of support: the person's open reviews are cancelled with the reason, in the caller's
 * transaction, and audited. Returns their ids.
 */
export async function cancelReviewsForEndOfSupport(
  tx: DbOrTx,
  actor: Actor,
  personId: string,
  note: string,
): Promise<string[]> {
  const ids = await repo.cancelOpenOfPerson(tx, personId, note);
  for (const id of ids) {
    await actor.audit(tx, { action: 'review.cancel', resourceType: 'review', resourceId: id, personId });
  }
  return ids;
}

/**
 * Sets a budget's next planned review due on `on`, in the caller's transaction (a live budget
 * imported with the review the council had set). Returns the review's id.
 */
export async function schedulePlannedReview(
  tx: DbOrTx,
  budget: { id: string; personId: string; teamId: string | null },
  on: IsoDate,
): Promise<string> {
  const row = await repo.insert(tx, {
    budgetId: budget.id,
    personId: budget.personId,
    teamId: budget.teamId,
    kind: 'planned',
    requestNote: 'due as the council set it',
    ...plannedReviewWindow(on),
  });
  return row.id;
}
