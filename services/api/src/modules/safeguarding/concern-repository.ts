import { people, safeguardingConcerns, safeguardingEnquiries, type DbOrTx } from '@threefold/db';
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';

export type ConcernRow = typeof safeguardingConcerns.$inferSelect;

/** Raised on or before `cutoff` (a date in England) and still awaiting the decision. */
const overdueBy = (cutoff: string) =>
  and(
    eq(safeguardingConcerns.status, 'awaiting_decision'),
    sql`(${safeguardingConcerns.raisedAt} at time zone 'Europe/London')::date <= ${cutoff}::date`,
  )!;

/** Drizzle queries on concerns; every method takes the handle to run on (the pool or a transaction). */
export const concernRepository = {
  /** Every row, a page at a time in id order, after `afterId` (a hand-back export). */
  async exportPage(
    tx: DbOrTx,
    afterId: string | null,
    limit: number,
  ): Promise<(typeof safeguardingConcerns.$inferSelect)[]> {
    return tx
      .select()
      .from(safeguardingConcerns)
      .where(afterId ? gt(safeguardingConcerns.id, afterId) : undefined)
      .orderBy(asc(safeguardingConcerns.id))
      .limit(limit);
  },
  async insert(db: DbOrTx, values: typeof safeguardingConcerns.$inferInsert): Promise<ConcernRow> {
    const [row] = await db.insert(safeguardingConcerns).values(values).returning();
    return row!;
  },

  async findById(db: DbOrTx, id: string): Promise<ConcernRow | undefined> {
    const [row] = await db.select().from(safeguardingConcerns).where(eq(safeguardingConcerns.id, id));
    return row;
  },

  async lockById(db: DbOrTx, id: string): Promise<ConcernRow | undefined> {
    const [row] = await db.select().from(safeguardingConcerns).where(eq(safeguardingConcerns.id, id)).for('update');
    return row;
  },

  async update(db: DbOrTx, id: string, values: Partial<typeof safeguardingConcerns.$inferInsert>): Promise<ConcernRow> {
    const [row] = await db.update(safeguardingConcerns).set(values).where(eq(safeguardingConcerns.id, id)).returning();
    return row!;
  },

  /** A person's concerns, oldest first (at most 100). */
  async ofPerson(db: DbOrTx, personId: string): Promise<ConcernRow[]> {
    return db
      .select()
      .from(safeguardingConcerns)
      .where(eq(safeguardingConcerns.personId, personId))
      .orderBy(asc(safeguardingConcerns.raisedAt))
      .limit(100);
  },

  /**
   * One page of the lead's queue in `status`, oldest first, with the person's name and any
   * enquiry; `overdue` keeps only (or drops) decisions overdue at `cutoff`.
   */
  async queuePage(
    db: DbOrTx,
    q: {
      status: string;
      cutoff: string;
      overdue?: boolean | undefined;
      after: [string, string] | null | undefined;
      limit: number;
    },
  ) {
    const where: SQL[] = [eq(safeguardingConcerns.status, q.status)];
    if (q.overdue === true) where.push(overdueBy(q.cutoff));
    if (q.overdue === false) where.push(sql`not (${overdueBy(q.cutoff)})`);
    if (q.after)
      where.push(
        sql`(${safeguardingConcerns.raisedAt}, ${safeguardingConcerns.id}) > (${q.after[0]}::timestamptz, ${q.after[1]}::uuid)`,
      );
    return db
      .select({
        c: safeguardingConcerns,
        given: people.givenName,
        family: people.familyName,
        enquiryId: safeguardingEnquiries.id,
      })
      .from(safeguardingConcerns)
      .leftJoin(people, eq(people.id, safeguardingConcerns.personId))
      .leftJoin(safeguardingEnquiries, eq(safeguardingEnquiries.concernId, safeguardingConcerns.id))
      .where(and(...where))
      .orderBy(asc(safeguardingConcerns.raisedAt), asc(safeguardingConcerns.id))
      .limit(q.limit);
  },

  /** How many decisions are overdue at `cutoff` (a date in England). */
  async countOverdue(db: DbOrTx, cutoff: string): Promise<number> {
    const [{ n } = { n: 0 }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(safeguardingConcerns)
      .where(overdueBy(cutoff));
    return n;
  },

  /** A merge moves the duplicate's concerns to the survivor; returns the ids moved. */
  async movePerson(db: DbOrTx, fromPersonId: string, toPersonId: string): Promise<string[]> {
    const rows = await db
      .update(safeguardingConcerns)
      .set({ personId: toPersonId })
      .where(eq(safeguardingConcerns.personId, fromPersonId))
      .returning({ id: safeguardingConcerns.id });
    return rows.map((r) => r.id);
  },

  /** Undoing a merge gives these concerns back to the person. */
  async setPerson(db: DbOrTx, ids: string[], personId: string): Promise<void> {
    if (ids.length === 0) return;
    await db.update(safeguardingConcerns).set({ personId }).where(inArray(safeguardingConcerns.id, ids));
  },
};
