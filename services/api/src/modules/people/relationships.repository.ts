import { people, relationships, type DbOrTx } from '@threefold/db';
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';

export const relationshipRepository = {
  /** Every row, a page at a time in id order, after `afterId` (a hand-back export). */
  async exportPage(tx: DbOrTx, afterId: string | null, limit: number): Promise<(typeof relationships.$inferSelect)[]> {
    return tx
      .select()
      .from(relationships)
      .where(afterId ? gt(relationships.id, afterId) : undefined)
      .orderBy(asc(relationships.id))
      .limit(limit);
  },
  /** A person's current relationships from their side, with the other person's name. */
  async currentOf(db: DbOrTx, personId: string) {
    return db
      .select({ r: relationships, given: people.givenName, family: people.familyName })
      .from(relationships)
      .innerJoin(people, eq(people.id, relationships.relatedPersonId))
      .where(and(eq(relationships.personId, personId), isNull(relationships.endedAt)))
      .orderBy(asc(relationships.createdAt));
  },

  /** Which of these people exist, and whether their records are restricted. */
  async restrictionsOf(db: DbOrTx, ids: string[]) {
    return db.select({ id: people.id, restricted: people.restricted }).from(people).where(inArray(people.id, ids));
  },

  /** Many rows at once (an import's batch: both sides of each pair), a thousand to a statement. */
  async insertMany(db: DbOrTx, rows: (typeof relationships.$inferInsert)[]) {
    for (let i = 0; i < rows.length; i += 1000) await db.insert(relationships).values(rows.slice(i, i + 1000));
  },

  async insertPair(db: DbOrTx, sides: [typeof relationships.$inferInsert, typeof relationships.$inferInsert]) {
    await db.insert(relationships).values(sides);
  },
};
