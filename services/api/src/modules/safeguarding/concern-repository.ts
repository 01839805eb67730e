import { safeguardingConcerns, type DbOrTx } from '@threefold/db';

export type ConcernRow = typeof safeguardingConcerns.$inferSelect;

/** Drizzle queries on concerns; every method takes the handle to run on (the pool or a transaction). */
export const concernRepository = {
  async insert(db: DbOrTx, values: typeof safeguardingConcerns.$inferInsert): Promise<ConcernRow> {
    const [row] = await db.insert(safeguardingConcerns).values(values).returning();
    return row!;
  },
};
