import {
  dateInEngland,
  warningReviewDateProblems,
  warningReviewProblems,
  type RuleProblem,
  type WarningKind,
} from '@threefold/domain';
import type { Database, DbOrTx } from '@threefold/db';
import { asUser } from '../../auth/principal.js';
import { AppProblem, assertMayOpen, notFound, ruleBreach } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { warningsRepository as repo, type WarningRecord, type WarningStepRecord } from './repository.js';
import type { NewWarningBody, WarningEndBody, WarningReviewBody, WarningView } from './schemas.js';

/** A review date the rule refuses: 400 naming the field, with the rule's own code. */
const badReviewDate = (field: string, problem: RuleProblem) =>
  new AppProblem(400, problem.code, 'Invalid review date', problem.detail, [
    { in: 'body', field, pointer: `/${field}`, message: problem.detail },
  ]);

export function warningView(row: WarningRecord, steps: WarningStepRecord[], today: string): WarningView {
  return {
    id: row.id,
    personId: row.personId,
    kind: row.kind as WarningKind,
    details: row.details,
    reviewOn: row.reviewOn,
    reviewDue: row.status === 'active' && row.reviewOn <= today,
    status: row.status,
    addedBy: { id: row.createdById, name: row.addedByName },
    addedAt: row.createdAt.toISOString(),
    lastReviewedAt: row.lastReviewedAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    endedBy: row.endedById ? { id: row.endedById, name: row.endedByName ?? '' } : null,
    endReason: row.endReason,
    history: steps
      .filter((s) => s.warningId === row.id)
      .map((s) => ({
        kind: s.kind,
        by: { id: s.byId, name: s.byName },
        at: s.at.toISOString(),
        note: s.note,
        reviewOn: s.reviewOn,
      })),
  };
}

/**
 * Warning notes on a person: added with a review date, reviewed (kept with a new date, or ended),
 * ended with a reason. Read under the person's own rules (restricted records need
 * `people:restricted` and a reason); every warning shown is audited as read.
 */
export class WarningsService {
  constructor(private readonly db: Database) {}

  private async person(tx: DbOrTx, actor: Actor, personId: string, reason: string | undefined) {
    const person = await repo.personOf(tx, personId);
    assertMayOpen(person, actor.principal, reason, () => notFound('person'));
    return person!;
  }

  private async view(tx: DbOrTx, id: string, today: string): Promise<WarningView> {
    const row = (await repo.byId(tx, id))!;
    return warningView(row, await repo.stepsOf(tx, [id]), today);
  }

  async list(
    actor: Actor,
    personId: string,
    includeEnded: boolean,
    reason: string | undefined,
  ): Promise<{ items: WarningView[] }> {
    await this.person(this.db, actor, personId, reason);
    const rows = await repo.ofPerson(this.db, personId, includeEnded);
    const steps = await repo.stepsOf(
      this.db,
      rows.map((r) => r.id),
    );
    // One group commit for the list, not one round trip per warning.
    await Promise.all(
      rows.map((w) =>
        actor.audit(this.db, {
          action: 'warning.read',
          resourceType: 'warning',
          resourceId: w.id,
          personId,
          reason: reason ?? null,
        }),
      ),
    );
    const today = dateInEngland(actor.now());
    return { items: rows.map((r) => warningView(r, steps, today)) };
  }

  async add(actor: Actor, personId: string, input: NewWarningBody, reason: string | undefined): Promise<WarningView> {
    const user = asUser(actor.principal, 'Warnings are added by colleagues.');
    const now = actor.now();
    const today = dateInEngland(now);
    const problem = warningReviewDateProblems(input.reviewOn, today)[0];
    if (problem) throw badReviewDate('reviewOn', problem);
    return this.db.transaction(async (tx) => {
      await this.person(tx, actor, personId, reason);
      const row = await repo.insert(tx, {
        personId,
        kind: input.kind,
        details: input.details.trim(),
        reviewOn: input.reviewOn,
        createdById: user.userId,
        createdAt: now,
      });
      await repo.addStep(tx, {
        warningId: row.id,
        kind: 'added',
        byId: user.userId,
        at: now,
        reviewOn: input.reviewOn,
      });
      await actor.audit(tx, { action: 'warning.create', resourceType: 'warning', resourceId: row.id, personId });
      return this.view(tx, row.id, today);
    });
  }

  /** The warning, if the actor may see its person; locked for this change. */
  private async changeable(tx: DbOrTx, actor: Actor, id: string, reason: string | undefined) {
    const row = await repo.forChange(tx, id);
    if (!row) throw notFound('warning');
    assertMayOpen((await repo.personOf(tx, row.personId)) ?? { restricted: false }, actor.principal, reason, () =>
      notFound('warning'),
    );
    if (row.status === 'ended') {
      throw ruleBreach('warning_ended', 'This warning has ended', [
        { code: 'warning_ended', detail: 'This warning has already ended; add a new one if it is needed again.' },
      ]);
    }
    return row;
  }

  async review(actor: Actor, id: string, input: WarningReviewBody, reason: string | undefined): Promise<WarningView> {
    const user = asUser(actor.principal, 'Warnings are reviewed by colleagues.');
    const now = actor.now();
    const today = dateInEngland(now);
    const problem = warningReviewProblems(input, today)[0];
    if (problem) throw badReviewDate('nextReviewOn', problem);
    return this.db.transaction(async (tx) => {
      const row = await this.changeable(tx, actor, id, reason);
      const note = input.note.trim();
      await repo.addStep(tx, {
        warningId: id,
        kind: 'reviewed',
        byId: user.userId,
        at: now,
        note,
        reviewOn: input.stillNeeded ? input.nextReviewOn! : null,
      });
      if (input.stillNeeded) {
        await repo.update(tx, id, { reviewOn: input.nextReviewOn!, lastReviewedAt: now });
      } else {
        await repo.update(tx, id, {
          lastReviewedAt: now,
          status: 'ended',
          endedAt: now,
          endedById: user.userId,
          endReason: note,
        });
        await repo.addStep(tx, { warningId: id, kind: 'ended', byId: user.userId, at: now, note });
      }
      await actor.audit(tx, {
        action: input.stillNeeded ? 'warning.review' : 'warning.end',
        resourceType: 'warning',
        resourceId: id,
        personId: row.personId,
      });
      return this.view(tx, id, today);
    });
  }

  async end(actor: Actor, id: string, input: WarningEndBody, reason: string | undefined): Promise<WarningView> {
    const user = asUser(actor.principal, 'Warnings are ended by colleagues.');
    const now = actor.now();
    return this.db.transaction(async (tx) => {
      const row = await this.changeable(tx, actor, id, reason);
      const why = input.reason.trim();
      await repo.update(tx, id, { status: 'ended', endedAt: now, endedById: user.userId, endReason: why });
      await repo.addStep(tx, { warningId: id, kind: 'ended', byId: user.userId, at: now, note: why });
      await actor.audit(tx, { action: 'warning.end', resourceType: 'warning', resourceId: id, personId: row.personId });
      return this.view(tx, id, dateInEngland(now));
    });
  }
}
