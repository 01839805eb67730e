import type { Database } from '@threefold/db';
import { longTermSupportProblem, type ConversationKind } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound, ruleBreach } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { budgetValues, budgetView, type BudgetChanges } from './plan.js';
import { budgetRepository as repo, type BudgetRow } from './repository.js';
import type { PersonalBudgetBody } from './schemas.js';

/** Personal budgets and their support plans while they are drafted: start, read, list, change. */
export class BudgetService {
  constructor(private readonly db: Database) {}

  /** From conversation 3's eligibility determination, starting at its indicative weekly figure. */
  async create(actor: Actor, input: { conversationId: string; determinationId: string }) {
    const user = asUser(actor.principal);
    return this.db.transaction(async (tx) => {
      const conversation = await repo.conversationWithStory(tx, input.conversationId);
      if (!conversation) throw invalidField('conversationId', 'is not a known conversation');
      const kindProblem = longTermSupportProblem(conversation.kind as ConversationKind);
      if (kindProblem) throw ruleBreach(kindProblem.code, 'Not from this conversation', [kindProblem]);
      const determination = await repo.determination(tx, input.determinationId);
      if (!determination) throw invalidField('determinationId', 'is not a known eligibility determination');
      if (determination.personId !== conversation.personId) {
        throw invalidField('determinationId', 'is about someone other than the person in this conversation');
      }
      if (!determination.eligible || determination.indicativeWeeklyPence === null) {
        throw ruleBreach('determination_not_eligible', 'No eligible needs', [
          {
            code: 'determination_not_eligible',
            detail: 'This determination found no eligible needs, so it gives no indicative budget to start from.',
          },
        ]);
      }
      const row = await repo.insert(tx, {
        personId: conversation.personId,
        storyId: conversation.storyId,
        teamId: conversation.teamId,
        conversationId: conversation.id,
        determinationId: determination.id,
        indicativeWeeklyPence: determination.indicativeWeeklyPence,
        createdById: user.userId,
      });
      await actor.audit(tx, {
        action: 'budget.create',
        resourceType: 'personal_budget',
        resourceId: row.id,
        personId: row.personId,
      });
      return budgetView(tx, row);
    });
  }

  /** A budget; a restricted person's budgets are as hidden as the person from colleagues without access. */
  async get(actor: Actor, id: string): Promise<PersonalBudgetBody> {
    const row = await repo.byId(this.db, id);
    if (!row) throw notFound('personal budget');
    if (!actor.principal.permissions.has('people:restricted') && (await repo.personIsRestricted(this.db, row.personId)))
      throw notFound('personal budget');
    await actor.audit(this.db, {
      action: 'budget.read',
      resourceType: 'personal_budget',
      resourceId: row.id,
      personId: row.personId,
    });
    return budgetView(this.db, row);
  }

  async list(
    actor: Actor,
    query: {
      status?: BudgetRow['status'] | undefined;
      personId?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    },
  ) {
    const after = decodeCursor<[string, string]>(query.cursor, 2);
    const rows = await repo.page(this.db, {
      status: query.status,
      personId: query.personId,
      includeRestricted: actor.principal.permissions.has('people:restricted'),
      after: after ? [new Date(after[0]), after[1]] : null,
      limit: query.limit,
    });
    const page = pageOf(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
    const items = await Promise.all(page.items.map((r) => budgetView(this.db, r)));
    await actor.audit(this.db, {
      action: 'budget.list',
      resourceType: 'personal_budget',
      resourceId: null,
      personId: query.personId ?? null,
    });
    return { items, nextCursor: page.nextCursor };
  }

  /** Only a draft changes; each list given is replaced in full. */
  async update(actor: Actor, id: string, expected: number, changes: BudgetChanges) {
    asUser(actor.principal);
    const values = budgetValues(changes);
    return this.db.transaction(async (tx) => {
      const current = await repo.byId(tx, id, true);
      if (!current) throw notFound('personal budget');
      if (current.status !== 'draft') {
        throw new AppProblem(
          409,
          'budget_not_editable',
          'Not editable',
          current.status === 'signed_off'
            ? 'This budget is signed off. Changes come through a review.'
            : 'This budget is with the council’s panel. It can be changed again if the panel returns it.',
        );
      }
      const row = await repo.updateAtVersion(tx, id, expected, values, actor.now());
      if (!row) throw staleVersion();
      await actor.audit(tx, {
        action: 'budget.update',
        resourceType: 'personal_budget',
        resourceId: id,
        personId: row.personId,
      });
      return budgetView(tx, row);
    });
  }
}
