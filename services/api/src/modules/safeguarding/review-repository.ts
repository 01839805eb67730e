import { safeguardingAdultReviews, type DbOrTx } from '@threefold/db';
import { and, asc, gte, lte } from 'drizzle-orm';

export type AdultReviewRow = typeof safeguardingAdultReviews.$inferSelect;

/** Drizzle queries on Safeguarding Adult Reviews; every method takes the pool or a transaction. */
export const adultReviewRepository = {
  async insert(db: DbOrTx, values: typeof safeguardingAdultReviews.$inferInsert): Promise<AdultReviewRow> {
    const [row] = await db.insert(safeguardingAdultReviews).values(values).returning();
    return row!;
  },

  /** The reviews completed between two days, inclusive, in the order they were completed. */
  async completedBetween(db: DbOrTx, from: string, to: string): Promise<AdultReviewRow[]> {
    return db
      .select()
      .from(safeguardingAdultReviews)
      .where(and(gte(safeguardingAdultReviews.completedOn, from), lte(safeguardingAdultReviews.completedOn, to)))
      .orderBy(asc(safeguardingAdultReviews.completedOn), asc(safeguardingAdultReviews.id))
      .limit(1000);
  },
};
