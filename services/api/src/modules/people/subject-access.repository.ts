import {
  auditEvents,
  caseNotes,
  caseNoteVersions,
  connections,
  contacts,
  conversations,
  disclosures,
  documents,
  eligibilityDeterminations,
  machineClients,
  organisations,
  outboxEvents,
  personalBudgets,
  personMerges,
  personWarnings,
  reviews,
  safeguardingConcerns,
  safeguardingEnquiries,
  stories,
  tasks,
  webhookDeliveries,
  webhookSubscriptions,
  type DbOrTx,
} from '@threefold/db';
import { and, asc, desc, eq, like, or, sql } from 'drizzle-orm';
import { enterScope } from '../connections/repository.js';

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

  async storiesOf(db: DbOrTx, personId: string) {
    return db.select().from(stories).where(eq(stories.personId, personId)).orderBy(asc(stories.openedAt));
  },

  async conversationsOf(db: DbOrTx, personId: string) {
    const rows = await db
      .select({ conversation: conversations })
      .from(conversations)
      .innerJoin(stories, eq(stories.id, conversations.storyId))
      .where(eq(stories.personId, personId))
      .orderBy(asc(conversations.startedAt));
    return rows.map((r) => r.conversation);
  },

  /** Every note with its current text (a draft's, or the latest final version's). */
  async notesOf(db: DbOrTx, personId: string) {
    return db
      .select({
        id: caseNotes.id,
        storyId: caseNotes.storyId,
        conversationId: caseNotes.conversationId,
        concernId: caseNotes.concernId,
        enquiryId: caseNotes.enquiryId,
        kind: caseNotes.kind,
        status: caseNotes.status,
        occurredAt: caseNotes.occurredAt,
        summary: sql<string>`coalesce(${caseNotes.draftSummary}, (select v.summary from ${caseNoteVersions} v where v.note_id = ${caseNotes.id} order by v.version desc limit 1))`,
        body: sql<string>`coalesce(${caseNotes.draftBody}, (select v.body from ${caseNoteVersions} v where v.note_id = ${caseNotes.id} order by v.version desc limit 1))`,
      })
      .from(caseNotes)
      .where(eq(caseNotes.personId, personId))
      .orderBy(asc(caseNotes.occurredAt));
  },

  async determinationsOf(db: DbOrTx, personId: string) {
    return db
      .select()
      .from(eligibilityDeterminations)
      .where(eq(eligibilityDeterminations.personId, personId))
      .orderBy(asc(eligibilityDeterminations.decidedAt));
  },

  async budgetsOf(db: DbOrTx, personId: string) {
    return db
      .select()
      .from(personalBudgets)
      .where(eq(personalBudgets.personId, personId))
      .orderBy(asc(personalBudgets.createdAt));
  },

  async reviewsOf(db: DbOrTx, personId: string) {
    return db.select().from(reviews).where(eq(reviews.personId, personId)).orderBy(asc(reviews.dueFrom));
  },

  /** Connections are under row-level security: read in a transaction acting for the practice. */
  async connectionsOf(db: DbOrTx, personId: string) {
    const rows = await db.transaction(async (tx) => {
      await enterScope(tx, { kind: 'practice' });
      return tx
        .select({ connection: connections, organisationName: organisations.name })
        .from(connections)
        .innerJoin(organisations, eq(organisations.id, connections.organisationId))
        .where(eq(connections.personId, personId))
        .orderBy(asc(connections.createdAt));
    });
    return rows.map((r) => ({ ...r.connection, organisationName: r.organisationName }));
  },

  async documentsOf(db: DbOrTx, personId: string) {
    return db.select().from(documents).where(eq(documents.personId, personId)).orderBy(asc(documents.uploadedAt));
  },

  async enquiriesAbout(db: DbOrTx, personId: string) {
    return db.select().from(safeguardingEnquiries).where(eq(safeguardingEnquiries.personId, personId));
  },

  async warningsOf(db: DbOrTx, personId: string) {
    return db.select().from(personWarnings).where(eq(personWarnings.personId, personId));
  },

  async tasksOf(db: DbOrTx, personId: string) {
    return db.select().from(tasks).where(eq(tasks.personId, personId));
  },

  /** Events about the person that webhooks delivered, with the system that received each. */
  async webhookDeliveriesAbout(db: DbOrTx, personId: string) {
    return db
      .select({
        clientId: machineClients.id,
        clientName: machineClients.name,
        clientKind: machineClients.kind,
        eventType: outboxEvents.type,
        deliveredAt: webhookDeliveries.deliveredAt,
      })
      .from(webhookDeliveries)
      .innerJoin(outboxEvents, eq(outboxEvents.id, webhookDeliveries.eventId))
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
      .innerJoin(machineClients, eq(machineClients.id, webhookSubscriptions.clientId))
      .where(
        and(
          eq(webhookDeliveries.status, 'delivered'),
          or(
            and(eq(outboxEvents.subjectType, 'person'), eq(outboxEvents.subjectId, personId)),
            sql`${outboxEvents.data}->>'personId' = ${personId}`,
          ),
        ),
      )
      .orderBy(asc(webhookDeliveries.deliveredAt));
  },

  /**
   * Client Level Data returns the council took whose period held the person's contacts or
   * conversations: each carried their record.
   */
  async returnsCarrying(db: DbOrTx, personId: string) {
    const rows = await db
      .select({ resourceId: auditEvents.resourceId, occurredAt: auditEvents.occurredAt, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'returns.client_level_data'), like(auditEvents.resourceId, 'client-level-data:%')),
      )
      .orderBy(asc(auditEvents.seq));
    const carried = [];
    for (const row of rows) {
      const [, from, to] = (row.resourceId ?? '').split(':');
      if (!from || !to) continue;
      const [hit] = await db
        .execute<{ n: number }>(
          sql`
        select 1 as n where exists (
          select 1 from ${contacts} c where c.person_id = ${personId} and c.occurred_at::date between ${from}::date and ${to}::date
        ) or exists (
          select 1 from ${conversations} v join ${stories} s on s.id = v.story_id
           where s.person_id = ${personId} and v.started_at::date between ${from}::date and ${to}::date
        )`,
        )
        .then((r) => r.rows);
      if (hit) carried.push({ from, to, at: row.occurredAt, actorId: row.actorId });
    }
    return carried;
  },

  async insertDisclosures(db: DbOrTx, rows: (typeof disclosures.$inferInsert)[]): Promise<void> {
    await db.insert(disclosures).values(rows);
  },
};
