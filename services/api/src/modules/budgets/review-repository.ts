import { people, reviews, type DbOrTx } from '@threefold/db';
import { and, asc, eq, gt, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { personNameParts } from './repository.js';

export type ReviewRow = typeof reviews.$inferSelect;

/** Drizzle queries only; every method takes the handle to run on (the database or a transaction). */
export const reviewRepository = {
  /** Every row, a page at a time in id order, after `afterId` (a hand-back export). */
  async exportPage(tx: DbOrTx, afterId: string | null, limit: number): Promise<(typeof reviews.$inferSelect)[]> {
    return tx
      .select()
      .from(reviews)
      .where(afterId ? gt(reviews.id, afterId) : undefined)
      .orderBy(asc(reviews.id))
      .limit(limit);
  },
  /** A review with the name of its person and whether their record is restricted. */
  async withPerson(db: DbOrTx, id: string) {
    const [found] = await db
      .select({ r: reviews, person: personNameParts, restricted: people.restricted })
      .from(reviews)
      .innerJoin(people, eq(people.id, reviews.personId))
      .where(eq(reviews.id, id));
    return found;
  },

  async byIdForUpdate(db: DbOrTx, id: string): Promise<ReviewRow | undefined> {
    const [row] = await db.select().from(reviews).where(eq(reviews.id, id)).for('update');
    return row;
  },

  /** The open review of a budget due first. */
  async nextOpen(db: DbOrTx, budgetId: string) {
    const [next] = await db
      .select({ id: reviews.id, kind: reviews.kind, dueFrom: reviews.dueFrom, dueBy: reviews.dueBy })
      .from(reviews)
      .where(and(eq(reviews.budgetId, budgetId), eq(reviews.status, 'open')))
      .orderBy(asc(reviews.dueFrom))
      .limit(1);
    return next;
  },

  /** The next open review of each of these budgets (the earliest due), by budget. */
  async nextOpenOfBudgets(db: DbOrTx, budgetIds: string[]): Promise<Map<string, { dueFrom: string; dueBy: string }>> {
    if (!budgetIds.length) return new Map();
    const rows = await db
      .selectDistinctOn([reviews.budgetId], {
        budgetId: reviews.budgetId,
        dueFrom: reviews.dueFrom,
        dueBy: reviews.dueBy,
      })
      .from(reviews)
      .where(and(inArray(reviews.budgetId, [...new Set(budgetIds)]), eq(reviews.status, 'open')))
      .orderBy(reviews.budgetId, asc(reviews.dueFrom));
    return new Map(rows.map((r) => [r.budgetId, { dueFrom: r.dueFrom, dueBy: r.dueBy }]));
  },

  /**
   * Reviews for a team or a budget. `due` = in its window on `today`, `overdue` = past it; both
   * are open. By the date each must be done by, after the cursor's (dueBy, id).
   */
  async page(
    db: DbOrTx,
    query: {
      teamId?: string | undefined;
      budgetId?: string | undefined;
      status?: 'open' | 'due' | 'overdue' | 'completed' | undefined;
      today: string;
      includeRestricted: boolean;
      after: [string, string] | null;
      limit: number;
    },
  ) {
    const { today } = query;
    const conditions: SQL[] = [];
    if (query.teamId) conditions.push(eq(reviews.teamId, query.teamId));
    if (query.budgetId) conditions.push(eq(reviews.budgetId, query.budgetId));
    if (!query.includeRestricted) conditions.push(eq(people.restricted, false));
    if (query.status === 'completed') conditions.push(eq(reviews.status, 'completed'));
    else if (query.status) conditions.push(eq(reviews.status, 'open'));
    if (query.status === 'due') conditions.push(sql`${reviews.dueFrom} <= ${today} and ${reviews.dueBy} >= ${today}`);
    if (query.status === 'overdue') conditions.push(lt(reviews.dueBy, today));
    if (query.after) {
      const [dueBy, id] = query.after;
      conditions.push(or(gt(reviews.dueBy, dueBy), and(eq(reviews.dueBy, dueBy), gt(reviews.id, id)))!);
    }
    return db
      .select({ r: reviews, person: personNameParts })
      .from(reviews)
      .innerJoin(people, eq(people.id, reviews.personId))
      .where(and(...conditions))
      .orderBy(asc(reviews.dueBy), asc(reviews.id))
      .limit(query.limit + 1);
  },

  /** Cancels a person's open reviews (the end of support), noting why; returns their ids. */
  async cancelOpenOfPerson(db: DbOrTx, personId: string, note: string): Promise<string[]> {
    const rows = await db
      .update(reviews)
      .set({ status: 'cancelled', notes: note, version: sql`${reviews.version} + 1` })
      .where(and(eq(reviews.personId, personId), eq(reviews.status, 'open')))
      .returning({ id: reviews.id });
    return rows.map((r) => r.id);
  },

  async insert(db: DbOrTx, values: typeof reviews.$inferInsert): Promise<ReviewRow> {
    const [row] = await db.insert(reviews).values(values).returning();
    return row!;
  },

  /** The budget's open first or planned review other than `exceptId`, if any. */
  async openPlanned(db: DbOrTx, budgetId: string, exceptId: string): Promise<{ id: string } | undefined> {
    const [row] = await db
      .select({ id: reviews.id })
      .from(reviews)
      .where(
        and(
          eq(reviews.budgetId, budgetId),
          eq(reviews.status, 'open'),
          ne(reviews.id, exceptId),
          inArray(reviews.kind, ['first', 'planned']),
        ),
      )
      .limit(1);
    return row;
  },

  async update(db: DbOrTx, id: string, values: Partial<typeof reviews.$inferInsert>): Promise<void> {
    await db
      .update(reviews)
      .set({ ...values, version: sql`${reviews.version} + 1` })
      .where(eq(reviews.id, id));
  },

  /**
   * Claims up to `batch` open reviews whose window has opened on `today` and that were never
   * announced, marking them announced. SKIP LOCKED: two instances never claim the same review.
   */
  async claimDue(db: DbOrTx, today: string, batch: number) {
    const claimed = await db.execute<{ id: string; budget_id: string; person_id: string; kind: string }>(sql`
      update reviews r set due_notified_at = now()
      where r.id in (
        select id from reviews
        where status = 'open' and due_notified_at is null and due_from <= ${today}
        order by due_from
        limit ${batch}
        for update skip locked
      )
      returning r.id, r.budget_id, r.person_id, r.kind`);
    return claimed.rows;
  },
};
