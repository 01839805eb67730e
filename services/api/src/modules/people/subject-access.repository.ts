import { auditEvents, contacts, disclosures, personMerges, safeguardingConcerns, type DbOrTx } from '@threefold/db';
import { asc, desc, eq, or } from 'drizzle-orm';

/**
 * What a subject access export gathers, and the disclosures it lists. Reads other modules'
 * tables (contacts, concerns, the audit trail) but writes only `disclosures`.
 */
export const subjectAccessRepository = {
  async contactsAbout(db: DbOrTx, personId: string) {
    return db.select().from(contacts).where(eq(contacts.personId, personId)).orderBy(desc(contacts.occurredAt));
  },

  async concernsAbout(db: DbOrTx, personId: string) {
    return db.select().from(safeguardingConcerns).where(eq(safeguardingConcerns.personId, personId));
  },

  async mergesOf(db: DbOrTx, personId: string) {
    return db
      .select()
      .from(personMerges)
      .where(or(eq(personMerges.survivorId, personId), eq(personMerges.mergedId, personId)));
  },

  async disclosuresOf(db: DbOrTx, personId: string) {
    return db
      .select()
      .from(disclosures)
      .where(eq(disclosures.personId, personId))
      .orderBy(asc(disclosures.disclosedAt));
  },

  async accessLogOf(db: DbOrTx, personId: string) {
    return db.select().from(auditEvents).where(eq(auditEvents.personId, personId)).orderBy(asc(auditEvents.seq));
  },

  async insertDisclosures(db: DbOrTx, rows: (typeof disclosures.$inferInsert)[]): Promise<void> {
    await db.insert(disclosures).values(rows);
  },
};
