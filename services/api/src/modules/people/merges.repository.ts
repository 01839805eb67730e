import { people, personMerges, relationships, type DbOrTx } from '@threefold/db';
import { eq, inArray, sql } from 'drizzle-orm';

/**
 * A merge re-points the duplicate's records at the survivor: relationships here; contacts and
 * safeguarding concerns through their own modules' functions (see merges.ts), and back on undo,
 * by the ids the merge kept.
 */
export const mergeRepository = {
  async lockPeople(tx: DbOrTx, ids: string[]) {
    return tx.select().from(people).where(inArray(people.id, ids)).for('update');
  },

  /** This person's side of their relationships. */
  async moveRelationships(tx: DbOrTx, fromId: string, toId: string): Promise<string[]> {
    const rows = await tx
      .update(relationships)
      .set({ personId: toId })
      .where(eq(relationships.personId, fromId))
      .returning({ id: relationships.id });
    return rows.map((r) => r.id);
  },

  /** The other people's sides naming this person. */
  async moveRelationshipsInverse(tx: DbOrTx, fromId: string, toId: string): Promise<string[]> {
    const rows = await tx
      .update(relationships)
      .set({ relatedPersonId: toId })
      .where(eq(relationships.relatedPersonId, fromId))
      .returning({ id: relationships.id });
    return rows.map((r) => r.id);
  },

  async setRelationshipsPerson(tx: DbOrTx, ids: string[], personId: string): Promise<void> {
    if (ids.length) await tx.update(relationships).set({ personId }).where(inArray(relationships.id, ids));
  },

  async setRelationshipsRelated(tx: DbOrTx, ids: string[], relatedPersonId: string): Promise<void> {
    if (ids.length) await tx.update(relationships).set({ relatedPersonId }).where(inArray(relationships.id, ids));
  },

  /** Marks the person merged into another (or revived, with null), moving its version on. */
  async setMergedInto(tx: DbOrTx, personId: string, mergedIntoId: string | null, at: Date): Promise<void> {
    await tx
      .update(people)
      .set({ mergedIntoId, updatedAt: at, version: sql`${people.version} + 1` })
      .where(eq(people.id, personId));
  },

  async insertMerge(tx: DbOrTx, values: typeof personMerges.$inferInsert) {
    const [row] = await tx.insert(personMerges).values(values).returning();
    return row!;
  },

  async lockMerge(tx: DbOrTx, id: string) {
    const [row] = await tx.select().from(personMerges).where(eq(personMerges.id, id)).for('update');
    return row ?? null;
  },

  async markUndone(tx: DbOrTx, id: string, at: Date, byId: string | null) {
    const [row] = await tx
      .update(personMerges)
      .set({ undoneAt: at, undoneById: byId })
      .where(eq(personMerges.id, id))
      .returning();
    return row!;
  },
};
