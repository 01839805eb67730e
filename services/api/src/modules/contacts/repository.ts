import { contacts, people, safeguardingConcerns, storyContacts, type DbOrTx } from '@threefold/db';
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';

type NewContact = typeof contacts.$inferInsert;

export interface ContactFilter {
  from?: string | undefined;
  to?: string | undefined;
  teamId?: string | undefined;
  personId?: string | undefined;
  outcome?: string | undefined;
  source?: string | undefined;
  /** Keyset: contacts before this (occurredAt, id). */
  after?: [string, string] | null;
  seesRestricted: boolean;
  limit: number;
}

/** Contacts at the front door, with the reads of teams, concerns and stories shown beside them. */
export const contactRepository = {
  /** Re-points a person's contacts at another person; returns their ids. */
  async movePerson(db: DbOrTx, fromId: string, toId: string): Promise<string[]> {
    const rows = await db
      .update(contacts)
      .set({ personId: toId })
      .where(eq(contacts.personId, fromId))
      .returning({ id: contacts.id });
    return rows.map((r) => r.id);
  },

  async setPerson(db: DbOrTx, ids: string[], personId: string): Promise<void> {
    if (ids.length) await db.update(contacts).set({ personId }).where(inArray(contacts.id, ids));
  },

  async insert(db: DbOrTx, values: NewContact) {
    const [row] = await db.insert(contacts).values(values).returning();
    return row!;
  },

  /** The contact, locked until the transaction ends: its outcome is recorded once. */
  async lock(db: DbOrTx, id: string) {
    const [row] = await db.select().from(contacts).where(eq(contacts.id, id)).for('update');
    return row;
  },

  /** Records the outcome unless one is recorded already (then nothing, and undefined). */
  async resolve(
    db: DbOrTx,
    id: string,
    set: {
      outcome: string;
      outcomeReason: string | null;
      resolvedAt: Date;
      resolvedById: string | null;
      version: number;
    },
  ) {
    const [row] = await db
      .update(contacts)
      .set(set)
      .where(and(eq(contacts.id, id), isNull(contacts.outcome)))
      .returning();
    return row;
  },

  async withPersonRestriction(db: DbOrTx, id: string) {
    const [row] = await db
      .select({ row: contacts, restricted: people.restricted })
      .from(contacts)
      .leftJoin(people, eq(people.id, contacts.personId))
      .where(eq(contacts.id, id));
    return row;
  },

  async concernIdOf(db: DbOrTx, contactId: string) {
    const [row] = await db
      .select({ id: safeguardingConcerns.id })
      .from(safeguardingConcerns)
      .where(eq(safeguardingConcerns.contactId, contactId));
    return row?.id ?? null;
  },

  async storyIdOf(db: DbOrTx, contactId: string) {
    const [row] = await db
      .select({ id: storyContacts.storyId })
      .from(storyContacts)
      .where(eq(storyContacts.contactId, contactId));
    return row?.id ?? null;
  },

  /** Newest first, one more than the page so the caller knows whether another follows. */
  list(db: DbOrTx, q: ContactFilter) {
    const where: SQL[] = [];
    if (q.from) where.push(sql`${contacts.occurredAt} >= ${q.from}::timestamptz`);
    if (q.to) where.push(sql`${contacts.occurredAt} < ${q.to}::timestamptz`);
    if (q.teamId) where.push(eq(contacts.teamId, q.teamId));
    if (q.personId) where.push(eq(contacts.personId, q.personId));
    if (q.outcome === 'none') where.push(isNull(contacts.outcome));
    else if (q.outcome) where.push(eq(contacts.outcome, q.outcome));
    if (q.source) where.push(eq(contacts.source, q.source as 'console'));
    if (q.after)
      where.push(sql`(${contacts.occurredAt}, ${contacts.id}) < (${q.after[0]}::timestamptz, ${q.after[1]}::uuid)`);
    // Contacts about a restricted person are as hidden as the person.
    if (!q.seesRestricted) where.push(sql`not coalesce(${people.restricted}, false)`);
    return db
      .select({
        c: contacts,
        concernId: safeguardingConcerns.id,
        storyId: storyContacts.storyId,
        given: people.givenName,
        family: people.familyName,
      })
      .from(contacts)
      .leftJoin(people, eq(people.id, contacts.personId))
      .leftJoin(safeguardingConcerns, eq(safeguardingConcerns.contactId, contacts.id))
      .leftJoin(storyContacts, eq(storyContacts.contactId, contacts.id))
      .where(where.length ? and(...where) : undefined)
      .orderBy(sql`${contacts.occurredAt} desc`, sql`${contacts.id} desc`)
      .limit(q.limit + 1);
  },
};
