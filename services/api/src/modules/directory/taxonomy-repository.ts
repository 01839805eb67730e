import { taxonomies, taxonomyTerms, type DbOrTx } from '@threefold/db';
import { and, asc, eq, inArray } from 'drizzle-orm';

export type TaxonomyRow = typeof taxonomies.$inferSelect;

/** The directory's taxonomies and their terms. Drizzle queries only; the handle to run on comes first. */
export const taxonomyRepository = {
  async taxonomiesWithTerms(db: DbOrTx, ids?: string[]) {
    const taxa = await (
      ids ? db.select().from(taxonomies).where(inArray(taxonomies.id, ids)) : db.select().from(taxonomies)
    ).orderBy(asc(taxonomies.name));
    if (taxa.length === 0) return [];
    const terms = await db
      .select()
      .from(taxonomyTerms)
      .where(
        inArray(
          taxonomyTerms.taxonomyId,
          taxa.map((t) => t.id),
        ),
      )
      .orderBy(asc(taxonomyTerms.name));
    return taxa.map((t) => ({ taxonomy: t, terms: terms.filter((x) => x.taxonomyId === t.id) }));
  },

  /** The new taxonomy, or null when one of that name exists already. */
  async insertTaxonomy(db: DbOrTx, values: typeof taxonomies.$inferInsert): Promise<TaxonomyRow | null> {
    const [row] = await db
      .insert(taxonomies)
      .values(values)
      .onConflictDoNothing({ target: taxonomies.name })
      .returning();
    return row ?? null;
  },

  async taxonomyExists(db: DbOrTx, id: string): Promise<boolean> {
    const [row] = await db.select({ id: taxonomies.id }).from(taxonomies).where(eq(taxonomies.id, id));
    return row !== undefined;
  },

  /** Marks a taxonomy changed (its terms changed). */
  async touchTaxonomy(db: DbOrTx, id: string, at: Date): Promise<void> {
    await db.update(taxonomies).set({ updatedAt: at }).where(eq(taxonomies.id, id));
  },

  async termInTaxonomy(db: DbOrTx, termId: string, taxonomyId: string): Promise<boolean> {
    const [row] = await db
      .select({ id: taxonomyTerms.id })
      .from(taxonomyTerms)
      .where(and(eq(taxonomyTerms.id, termId), eq(taxonomyTerms.taxonomyId, taxonomyId)));
    return row !== undefined;
  },

  /** Which of these terms exist. */
  async knownTermIds(db: DbOrTx, ids: string[]): Promise<Set<string>> {
    const rows = await db.select({ id: taxonomyTerms.id }).from(taxonomyTerms).where(inArray(taxonomyTerms.id, ids));
    return new Set(rows.map((r) => r.id));
  },

  async insertTerm(db: DbOrTx, values: typeof taxonomyTerms.$inferInsert): Promise<typeof taxonomyTerms.$inferSelect> {
    const [row] = await db.insert(taxonomyTerms).values(values).returning();
    return row!;
  },
};
