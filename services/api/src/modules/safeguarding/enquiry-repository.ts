import { safeguardingEnquiries, safeguardingInvolvements, staffUsers, type DbOrTx } from '@threefold/db';
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';

export type EnquiryRow = typeof safeguardingEnquiries.$inferSelect;

/** Drizzle queries on enquiries and who is involved in them; every method takes the pool or a transaction. */
export const enquiryRepository = {
  /** Every row, a page at a time in id order, after `afterId` (a hand-back export). */
  async exportPage(
    tx: DbOrTx,
    afterId: string | null,
    limit: number,
  ): Promise<(typeof safeguardingEnquiries.$inferSelect)[]> {
    return tx
      .select()
      .from(safeguardingEnquiries)
      .where(afterId ? gt(safeguardingEnquiries.id, afterId) : undefined)
      .orderBy(asc(safeguardingEnquiries.id))
      .limit(limit);
  },
  async insert(db: DbOrTx, values: typeof safeguardingEnquiries.$inferInsert): Promise<EnquiryRow> {
    const [row] = await db.insert(safeguardingEnquiries).values(values).returning();
    return row!;
  },

  async findById(db: DbOrTx, id: string, lock = false): Promise<EnquiryRow | undefined> {
    const query = db.select().from(safeguardingEnquiries).where(eq(safeguardingEnquiries.id, id));
    const [row] = lock ? await query.for('update') : await query;
    return row;
  },

  async findByConcern(db: DbOrTx, concernId: string): Promise<EnquiryRow | undefined> {
    const [row] = await db.select().from(safeguardingEnquiries).where(eq(safeguardingEnquiries.concernId, concernId));
    return row;
  },

  async ofConcerns(db: DbOrTx, concernIds: string[]): Promise<EnquiryRow[]> {
    if (concernIds.length === 0) return [];
    return db.select().from(safeguardingEnquiries).where(inArray(safeguardingEnquiries.concernId, concernIds));
  },

  /** Changes the enquiry if it is still at `version`; undefined when someone else changed it first. */
  async update(
    db: DbOrTx,
    id: string,
    values: Partial<typeof safeguardingEnquiries.$inferInsert>,
    version?: number,
  ): Promise<EnquiryRow | undefined> {
    const at = eq(safeguardingEnquiries.id, id);
    const [row] = await db
      .update(safeguardingEnquiries)
      .set(values)
      .where(version === undefined ? at : and(at, eq(safeguardingEnquiries.version, version)))
      .returning();
    return row;
  },

  /** One page, oldest first; `involvedUserId` keeps only the enquiries that colleague is involved in. */
  async page(
    db: DbOrTx,
    q: {
      status?: string | undefined;
      involvedUserId?: string;
      after: [string, string] | null | undefined;
      limit: number;
    },
  ): Promise<EnquiryRow[]> {
    const where: SQL[] = [];
    if (q.status) where.push(eq(safeguardingEnquiries.status, q.status));
    if (q.involvedUserId !== undefined)
      where.push(
        sql`exists (select 1 from ${safeguardingInvolvements} i where i.enquiry_id = ${safeguardingEnquiries.id} and i.user_id = ${q.involvedUserId})`,
      );
    if (q.after)
      where.push(
        sql`(${safeguardingEnquiries.openedAt}, ${safeguardingEnquiries.id}) > (${q.after[0]}::timestamptz, ${q.after[1]}::uuid)`,
      );
    return db
      .select()
      .from(safeguardingEnquiries)
      .where(where.length ? and(...where) : undefined)
      .orderBy(asc(safeguardingEnquiries.openedAt), asc(safeguardingEnquiries.id))
      .limit(q.limit);
  },

  /** Of these enquiries, the ones the colleague is involved in. */
  async involvedIn(db: DbOrTx, userId: string, enquiryIds: string[]): Promise<string[]> {
    if (enquiryIds.length === 0) return [];
    const rows = await db
      .select({ id: safeguardingInvolvements.enquiryId })
      .from(safeguardingInvolvements)
      .where(and(eq(safeguardingInvolvements.userId, userId), inArray(safeguardingInvolvements.enquiryId, enquiryIds)));
    return rows.map((r) => r.id);
  },

  /** Who is involved in each of these enquiries, in the order they were added: one query, each row naming its enquiry. */
  async involvementsOf(db: DbOrTx, enquiryIds: string[]) {
    if (enquiryIds.length === 0) return [];
    return db
      .select({
        enquiryId: safeguardingInvolvements.enquiryId,
        userId: safeguardingInvolvements.userId,
        name: staffUsers.displayName,
        role: safeguardingInvolvements.role,
        addedAt: safeguardingInvolvements.addedAt,
      })
      .from(safeguardingInvolvements)
      .innerJoin(staffUsers, eq(staffUsers.id, safeguardingInvolvements.userId))
      .where(inArray(safeguardingInvolvements.enquiryId, enquiryIds))
      .orderBy(asc(safeguardingInvolvements.addedAt));
  },

  /** Involves a colleague; `replaceRole` updates the role of one already involved, else it is kept. */
  async involve(
    db: DbOrTx,
    values: { enquiryId: string; userId: string; role: string; addedById: string | null },
    replaceRole: boolean,
  ): Promise<void> {
    const insert = db.insert(safeguardingInvolvements).values(values);
    if (replaceRole)
      await insert.onConflictDoUpdate({
        target: [safeguardingInvolvements.enquiryId, safeguardingInvolvements.userId],
        set: { role: values.role },
      });
    else await insert.onConflictDoNothing();
  },
};
