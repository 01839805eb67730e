import {
  conversations,
  delegatedLimits,
  eligibilityDeterminations,
  people,
  personalBudgets,
  stories,
  type DbOrTx,
} from '@threefold/db';
import { nameToAddress } from '@threefold/domain';
import { and, asc, eq, gt, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';

export type BudgetRow = typeof personalBudgets.$inferSelect;
export type BudgetValues = Partial<typeof personalBudgets.$inferInsert>;

/** The parts of a person's name; the practice writes it with the domain's `nameToAddress`. */
export const personNameParts = {
  givenName: people.givenName,
  familyName: people.familyName,
  preferredName: people.preferredName,
};

/** Drizzle queries only; every method takes the handle to run on (the database or a transaction). */
export const budgetRepository = {
  /** Every row, a page at a time in id order, after `afterId` (a hand-back export). */
  async exportPage(
    tx: DbOrTx,
    afterId: string | null,
    limit: number,
  ): Promise<(typeof personalBudgets.$inferSelect)[]> {
    return tx
      .select()
      .from(personalBudgets)
      .where(afterId ? gt(personalBudgets.id, afterId) : undefined)
      .orderBy(asc(personalBudgets.id))
      .limit(limit);
  },
  /** The conversation a budget starts from, with its story's person and team. */
  async conversationWithStory(db: DbOrTx, conversationId: string) {
    const [row] = await db
      .select({
        id: conversations.id,
        kind: conversations.kind,
        storyId: stories.id,
        personId: stories.personId,
        teamId: stories.teamId,
      })
      .from(conversations)
      .innerJoin(stories, eq(stories.id, conversations.storyId))
      .where(eq(conversations.id, conversationId));
    return row;
  },

  async determination(db: DbOrTx, id: string) {
    const [row] = await db.select().from(eligibilityDeterminations).where(eq(eligibilityDeterminations.id, id));
    return row;
  },

  async insert(db: DbOrTx, values: typeof personalBudgets.$inferInsert): Promise<BudgetRow> {
    const [row] = await db.insert(personalBudgets).values(values).returning();
    return row!;
  },

  /** One budget; `lock` holds it for the rest of the transaction. */
  async byId(db: DbOrTx, id: string, lock = false): Promise<BudgetRow | undefined> {
    const query = db.select().from(personalBudgets).where(eq(personalBudgets.id, id));
    const [row] = lock ? await query.for('update') : await query;
    return row;
  },

  async byIds(db: DbOrTx, ids: string[]): Promise<BudgetRow[]> {
    if (!ids.length) return [];
    return db
      .select()
      .from(personalBudgets)
      .where(inArray(personalBudgets.id, [...new Set(ids)]));
  },

  /** Which of these people already have a live (signed-off) budget. */
  async peopleWithLiveBudget(db: DbOrTx, personIds: string[]): Promise<Set<string>> {
    if (!personIds.length) return new Set();
    const rows = await db
      .selectDistinct({ personId: personalBudgets.personId })
      .from(personalBudgets)
      .where(and(inArray(personalBudgets.personId, [...new Set(personIds)]), eq(personalBudgets.status, 'signed_off')));
    return new Set(rows.map((r) => r.personId));
  },

  async personIsRestricted(db: DbOrTx, personId: string): Promise<boolean> {
    const [person] = await db.select({ restricted: people.restricted }).from(people).where(eq(people.id, personId));
    return person?.restricted ?? false;
  },

  async personNameOf(db: DbOrTx, personId: string): Promise<string | undefined> {
    const [person] = await db.select(personNameParts).from(people).where(eq(people.id, personId));
    return person && nameToAddress(person);
  },

  /** Oldest first, after the cursor's (createdAt, id); one row more than the limit tells of a next page. */
  async page(
    db: DbOrTx,
    query: {
      status?: BudgetRow['status'] | undefined;
      personId?: string | undefined;
      includeRestricted: boolean;
      after: [Date, string] | null;
      limit: number;
    },
  ): Promise<BudgetRow[]> {
    const conditions: SQL[] = [];
    if (query.status) conditions.push(eq(personalBudgets.status, query.status));
    if (query.personId) conditions.push(eq(personalBudgets.personId, query.personId));
    if (!query.includeRestricted) conditions.push(eq(people.restricted, false));
    if (query.after) {
      const [at, id] = query.after;
      conditions.push(
        or(gt(personalBudgets.createdAt, at), and(eq(personalBudgets.createdAt, at), gt(personalBudgets.id, id)))!,
      );
    }
    const rows = await db
      .select({ b: personalBudgets })
      .from(personalBudgets)
      .innerJoin(people, eq(people.id, personalBudgets.personId))
      .where(and(...conditions))
      .orderBy(asc(personalBudgets.createdAt), asc(personalBudgets.id))
      .limit(query.limit + 1);
    return rows.map((r) => r.b);
  },

  /** Applies the change only to the version the caller read; undefined when it had moved on. */
  async updateAtVersion(
    db: DbOrTx,
    id: string,
    expected: number,
    values: BudgetValues,
    at: Date,
  ): Promise<BudgetRow | undefined> {
    const [row] = await db
      .update(personalBudgets)
      .set({ ...values, updatedAt: at, version: sql`${personalBudgets.version} + 1` })
      .where(and(eq(personalBudgets.id, id), eq(personalBudgets.version, expected)))
      .returning();
    return row;
  },

  /** A change of the budget's state; `newVersion` when the change is one a reader's ETag must see. */
  async update(db: DbOrTx, id: string, values: BudgetValues, at: Date, newVersion = true): Promise<void> {
    await db
      .update(personalBudgets)
      .set({ ...values, updatedAt: at, ...(newVersion ? { version: sql`${personalBudgets.version} + 1` } : {}) })
      .where(eq(personalBudgets.id, id));
  },

  // ——— Delegated limits ———

  async delegatedLimits(db: DbOrTx) {
    return db.select().from(delegatedLimits).orderBy(asc(delegatedLimits.role));
  },

  /** The table becomes exactly these limits: roles left out lose theirs. */
  async replaceDelegatedLimits(
    db: DbOrTx,
    limits: { role: string; weeklyLimitPence: number }[],
    updatedById: string,
    at: Date,
  ): Promise<void> {
    const roles = limits.map((l) => l.role);
    if (roles.length > 0) await db.delete(delegatedLimits).where(notInArray(delegatedLimits.role, roles));
    else await db.delete(delegatedLimits);
    for (const l of limits) {
      await db
        .insert(delegatedLimits)
        .values({ role: l.role, weeklyLimitPence: l.weeklyLimitPence, updatedById, updatedAt: at })
        .onConflictDoUpdate({
          target: delegatedLimits.role,
          set: { weeklyLimitPence: l.weeklyLimitPence, updatedById, updatedAt: at },
        });
    }
  },
};
