import { contacts, people, safeguardingConcerns, storyContacts, type DbOrTx } from '@threefold/db';
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { runNamed, type NamedStatement } from '../../platform/named-query.js';
import { OneStatement, type StatementPart } from '../../platform/one-statement.js';

type NewContact = typeof contacts.$inferInsert;
type ContactRow = typeof contacts.$inferSelect;

const contactColumns = `id, person_id, team_id, occurred_at, channel, made_by, route_of_access, what_matters, notes,
  source, created_by_type, created_by_id, outcome, outcome_reason, resolved_at, resolved_by_id, version, created_at`;

/** A contact as PostgreSQL sends it. */
interface ContactRecord {
  id: string;
  person_id: string | null;
  team_id: string | null;
  occurred_at: Date;
  channel: string;
  made_by: string;
  route_of_access: string;
  what_matters: string;
  notes: string;
  source: ContactRow['source'];
  created_by_type: string;
  created_by_id: string | null;
  outcome: string | null;
  outcome_reason: string | null;
  resolved_at: Date | null;
  resolved_by_id: string | null;
  version: number;
  created_at: Date;
}

const contactOf = (r: ContactRecord): ContactRow => ({
  id: r.id,
  personId: r.person_id,
  teamId: r.team_id,
  occurredAt: r.occurred_at,
  channel: r.channel,
  madeBy: r.made_by,
  routeOfAccess: r.route_of_access,
  whatMatters: r.what_matters,
  notes: r.notes,
  source: r.source,
  createdByType: r.created_by_type,
  createdById: r.created_by_id,
  outcome: r.outcome,
  outcomeReason: r.outcome_reason,
  resolvedAt: r.resolved_at,
  resolvedById: r.resolved_by_id,
  version: r.version,
  createdAt: r.created_at,
});

// Every contact at the front door goes through this one statement: named, so each connection
// parses and plans it once, and no query is built per request.
const INSERT_CONTACT: NamedStatement = {
  name: 'contacts_insert',
  text: `insert into contacts (person_id, team_id, occurred_at, channel, made_by, route_of_access, what_matters, notes,
           source, created_by_type, created_by_id, outcome, outcome_reason, resolved_at, resolved_by_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         returning ${contactColumns}`,
};

// The same insert with the contact's id made by the caller, so the rows written with it in one
// statement (its events, its audit row) can name it. Only what the database decides comes back:
// the rest is what was sent, and reading it back would cost a parse of every column per request.
const INSERT_CONTACT_WITH_ID = {
  shape: 'contacts_insert_id',
  text: `insert into contacts (id, person_id, team_id, occurred_at, channel, made_by, route_of_access, what_matters, notes,
           source, created_by_type, created_by_id, outcome, outcome_reason, resolved_at, resolved_by_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         returning version, created_at`,
};

const insertValues = (values: NewContact): unknown[] => [
  values.personId ?? null,
  values.teamId ?? null,
  values.occurredAt,
  values.channel,
  values.madeBy,
  values.routeOfAccess,
  values.whatMatters ?? '',
  values.notes ?? '',
  values.source,
  values.createdByType,
  values.createdById ?? null,
  values.outcome ?? null,
  values.outcomeReason ?? null,
  values.resolvedAt ?? null,
  values.resolvedById ?? null,
];

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

  async insert(db: DbOrTx, values: NewContact): Promise<ContactRow> {
    const [row] = await runNamed<ContactRecord>(db, INSERT_CONTACT, insertValues(values));
    return contactOf(row!);
  },

  /**
   * The contact (its id given) and the rows that go with it — its events, its audit row — in one
   * statement without a transaction: all are written, or none.
   */
  async insertWith(
    db: DbOrTx,
    values: NewContact & { id: string },
    along: (StatementPart | null)[],
  ): Promise<ContactRow> {
    const work = new OneStatement({
      ...INSERT_CONTACT_WITH_ID,
      values: [values.id, ...insertValues(values)],
    });
    for (const part of along) work.with(part);
    const [row] = await work.run<{ version: number; created_at: Date }>(db);
    return {
      id: values.id,
      personId: values.personId ?? null,
      teamId: values.teamId ?? null,
      occurredAt: values.occurredAt,
      channel: values.channel,
      madeBy: values.madeBy,
      routeOfAccess: values.routeOfAccess,
      whatMatters: values.whatMatters ?? '',
      notes: values.notes ?? '',
      source: values.source,
      createdByType: values.createdByType,
      createdById: values.createdById ?? null,
      outcome: values.outcome ?? null,
      outcomeReason: values.outcomeReason ?? null,
      resolvedAt: values.resolvedAt ?? null,
      resolvedById: values.resolvedById ?? null,
      version: row!.version,
      createdAt: row!.created_at,
    };
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
