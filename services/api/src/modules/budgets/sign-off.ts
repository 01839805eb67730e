import type { Database, Tx } from '@threefold/db';
import {
  dateInEngland,
  delegatedLimitProblem,
  effectiveDelegatedLimit,
  firstReviewWindow,
  type Role,
} from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound, ruleBreach } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { budgetView, signOffReadiness } from './plan.js';
import { budgetRepository as repo, type BudgetRow } from './repository.js';
import { reviewRepository } from './review-repository.js';
import type { PersonalBudgetBody } from './schemas.js';

/**
 * Deciding a budget: sign-off within a colleague's delegated limit, above it the council's panel;
 * and the delegated limits themselves.
 */
export class SignOffService {
  constructor(private readonly db: Database) {}

  private async current(id: string, tx: Database | Tx = this.db): Promise<PersonalBudgetBody> {
    const row = await repo.byId(tx, id);
    if (!row) throw notFound('personal budget');
    return budgetView(tx, row);
  }

  private async locked(tx: Tx, id: string): Promise<BudgetRow> {
    const row = await repo.byId(tx, id, true);
    if (!row) throw notFound('personal budget');
    return row;
  }

  /**
   * Sign-off by a colleague whose delegated weekly limit covers the total. Above it, the budget
   * goes to the council's panel — that referral is committed — and the caller is told so (409).
   */
  async signOff(actor: Actor, id: string, expected: number) {
    const user = asUser(actor.principal);
    const referral = await this.db.transaction(async (tx) => {
      const row = await this.locked(tx, id);
      if (row.version !== expected) throw staleVersion();
      if (row.status !== 'draft') {
        throw new AppProblem(
          409,
          'budget_not_draft',
          'Already decided',
          row.status === 'signed_off'
            ? 'This budget is already signed off.'
            : 'This budget is waiting for the council’s panel.',
        );
      }
      const notReady = signOffReadiness(row);
      if (notReady.length > 0) throw ruleBreach('budget_not_ready', 'Not ready to sign off', notReady);
      const roleLimits = Object.fromEntries((await repo.delegatedLimits(tx)).map((r) => [r.role, r.weeklyLimitPence]));
      const limit = effectiveDelegatedLimit(user.roles, roleLimits, user.delegatedWeeklyLimitPence);
      const overLimit = delegatedLimitProblem(row.weeklyTotalPence, limit);
      if (overLimit) {
        await repo.update(
          tx,
          id,
          {
            status: 'awaiting_panel',
            referredAt: actor.now(),
            referredById: user.userId,
            panelDecision: null,
            panelNote: null,
            panelDecidedAt: null,
          },
          actor.now(),
        );
        await recordEvent(tx, {
          type: 'budget.referred-to-panel',
          subjectType: 'personal_budget',
          subjectId: id,
          data: { personId: row.personId, weeklyPence: row.weeklyTotalPence },
        });
        await actor.audit(tx, {
          action: 'budget.refer_to_panel',
          resourceType: 'personal_budget',
          resourceId: id,
          personId: row.personId,
        });
        return overLimit;
      }
      await this.goLive(actor, tx, row, { signedOffById: user.userId });
      await actor.audit(tx, {
        action: 'budget.sign_off',
        resourceType: 'personal_budget',
        resourceId: id,
        personId: row.personId,
      });
      return null;
    });
    if (referral) {
      throw ruleBreach(
        referral.code,
        'Referred to the council’s panel',
        [referral],
        'It has gone to the council’s panel for a decision.',
      );
    }
    return this.current(id);
  }

  /** Signed off: the plan goes live today and its first review is set 6–8 weeks out. */
  private async goLive(actor: Actor, tx: Tx, row: BudgetRow, by: { signedOffById: string | null }) {
    const liveOn = dateInEngland(actor.now());
    await repo.update(
      tx,
      row.id,
      {
        status: 'signed_off',
        signedOffAt: actor.now(),
        signedOffById: by.signedOffById,
        agreedWeeklyPence: row.weeklyTotalPence,
        liveOn,
      },
      actor.now(),
    );
    const window = firstReviewWindow(liveOn);
    await reviewRepository.insert(tx, {
      budgetId: row.id,
      personId: row.personId,
      teamId: row.teamId,
      kind: 'first',
      dueFrom: window.dueFrom,
      dueBy: window.dueBy,
    });
    await recordEvent(tx, {
      type: 'budget.signed-off',
      subjectType: 'personal_budget',
      subjectId: row.id,
      data: {
        personId: row.personId,
        weeklyPence: row.weeklyTotalPence,
        by: by.signedOffById ? 'practice' : 'council_panel',
        liveOn,
      },
    });
  }

  /** The council panel's decision: `approved` signs the budget off, `returned` makes it a draft again. */
  async panelDecision(actor: Actor, id: string, body: { decision: 'approved' | 'returned'; note: string }) {
    const clientId = actor.principal.kind === 'client' ? actor.principal.clientId : null;
    await this.db.transaction(async (tx) => {
      const row = await this.locked(tx, id);
      if (row.status !== 'awaiting_panel') {
        throw new AppProblem(
          409,
          'budget_not_awaiting_panel',
          'Not with the panel',
          'This budget is not waiting for a panel decision.',
        );
      }
      const returned = body.decision === 'returned';
      await repo.update(
        tx,
        id,
        {
          panelDecision: body.decision,
          panelNote: body.note,
          panelDecidedAt: actor.now(),
          panelClientId: clientId,
          ...(returned ? { status: 'draft' as const } : {}),
        },
        actor.now(),
        returned,
      );
      if (body.decision === 'approved') await this.goLive(actor, tx, row, { signedOffById: null });
      await actor.audit(tx, {
        action: `budget.panel_${body.decision}`,
        resourceType: 'personal_budget',
        resourceId: id,
        personId: row.personId,
      });
    });
    return this.current(id);
  }

  // ——— Delegated limits ———

  /** The caller's own effective limit: the figure `signOff` compares the weekly total with. */
  async myLimit(actor: Actor) {
    const user = asUser(actor.principal);
    const roleLimits = Object.fromEntries(
      (await repo.delegatedLimits(this.db)).map((r) => [r.role, r.weeklyLimitPence]),
    );
    const weeklyLimitPence = effectiveDelegatedLimit(user.roles, roleLimits, user.delegatedWeeklyLimitPence);
    const from: 'own' | 'role' | 'none' =
      user.delegatedWeeklyLimitPence !== null ? 'own' : weeklyLimitPence === null ? 'none' : 'role';
    return { weeklyLimitPence, from };
  }

  async limits() {
    const rows = await repo.delegatedLimits(this.db);
    return { limits: rows.map((r) => ({ role: r.role as Role, weeklyLimitPence: r.weeklyLimitPence })) };
  }

  /** Replaces the whole table: a role left out has no limit delegated. */
  async replaceLimits(actor: Actor, limits: { role: Role; weeklyLimitPence: number }[]) {
    const user = asUser(actor.principal);
    const roles = limits.map((l) => l.role);
    const duplicate = roles.find((r, i) => roles.indexOf(r) !== i);
    if (duplicate) throw invalidField('limits', `lists ${duplicate} twice`);
    await this.db.transaction(async (tx) => {
      await repo.replaceDelegatedLimits(tx, limits, user.userId, actor.now());
      await actor.audit(tx, { action: 'reference.delegated_limits.set', resourceType: 'reference', resourceId: null });
    });
    return this.limits();
  }
}
