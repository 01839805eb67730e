import {
  contacts,
  people,
  personVersions,
  safeguardingConcerns,
  storyContacts,
  teams,
  type Database,
  type Tx,
} from '@threefold/db';
import {
  contactOutcomeProblems,
  dateInEngland,
  isResolvedAtFirstContact,
  normaliseNhsNumber,
  type ContactOutcome,
} from '@threefold/domain';
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { actorOf, type Principal } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { leadsToConversation, storyForContact } from '../conversations/story-from-contact.js';
import { checkPersonFields } from '../people/service.js';
import type { ContactBody, ContactOutcomeBody, NewContactBody } from './schemas.js';

type ContactRow = typeof contacts.$inferSelect;
type AuditInTx = (
  tx: Tx,
  e: { action: string; resourceType: string; resourceId: string; personId: string | null },
) => Promise<void>;

export function contactView(
  row: ContactRow,
  concernId: string | null = null,
  matchedBy?: ContactBody['personMatchedBy'],
  storyId: string | null = null,
): ContactBody {
  return {
    id: row.id,
    personId: row.personId,
    ...(matchedBy ? { personMatchedBy: matchedBy } : {}),
    teamId: row.teamId,
    occurredAt: row.occurredAt.toISOString(),
    channel: row.channel as ContactBody['channel'],
    madeBy: row.madeBy as ContactBody['madeBy'],
    routeOfAccess: row.routeOfAccess as ContactBody['routeOfAccess'],
    whatMatters: row.whatMatters,
    notes: row.notes,
    source: row.source,
    outcome: (row.outcome as ContactOutcome | null) ?? null,
    outcomeReason: row.outcomeReason,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedAtFirstContact: row.outcome ? isResolvedAtFirstContact(row.outcome as ContactOutcome) : false,
    safeguardingConcernId: concernId,
    storyId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

function checkOutcome(body: {
  outcome?: ContactOutcome | undefined;
  reason?: string | undefined;
  concernSummary?: string | undefined;
}) {
  if (!body.outcome) return;
  const problems = contactOutcomeProblems(body.outcome, body.reason);
  for (const [field, message] of Object.entries(problems)) throw invalidField(field, message);
  if (body.outcome === 'safeguarding_concern_raised' && !body.concernSummary?.trim()) {
    throw invalidField('concernSummary', 'is required when a safeguarding concern is raised');
  }
}

export class ContactService {
  constructor(private readonly db: Database) {}

  /** Finds the person the contact is about, or records them: NHS number first, then name and date of birth. */
  private async personFor(
    tx: Tx,
    body: NewContactBody,
    principal: Principal,
  ): Promise<{ id: string; matchedBy: NonNullable<ContactBody['personMatchedBy']> } | null> {
    if (body.personId) {
      const [p] = await tx
        .select({ id: people.id, mergedIntoId: people.mergedIntoId })
        .from(people)
        .where(eq(people.id, body.personId));
      if (!p) throw invalidField('personId', 'is not a known person');
      return { id: p.mergedIntoId ?? p.id, matchedBy: 'person_id' };
    }
    if (!body.person) return null;
    const details = checkPersonFields({ ...body.person }, dateInEngland(new Date())) as NonNullable<
      NewContactBody['person']
    >;
    if (details.nhsNumber) {
      const [p] = await tx
        .select({ id: people.id })
        .from(people)
        .where(and(eq(people.nhsNumber, normaliseNhsNumber(details.nhsNumber)!), isNull(people.mergedIntoId)));
      if (p) return { id: p.id, matchedBy: 'nhs_number' };
    }
    if (details.dateOfBirth) {
      const full = `${details.givenName} ${details.familyName}`.toLowerCase();
      const { rows } = await tx.execute<{ id: string }>(sql`
        select id from people
         where merged_into_id is null and date_of_birth = ${details.dateOfBirth}::date
           and similarity(lower(given_name || ' ' || family_name), ${full}) > 0.6
         limit 2`);
      // Only an unambiguous match is taken; two lookalikes means recording a new person for a colleague to check.
      if (rows.length === 1) return { id: rows[0]!.id, matchedBy: 'name_and_date_of_birth' };
    }
    const actor = actorOf(principal);
    const [created] = await tx.insert(people).values(details).returning();
    await tx.insert(personVersions).values({
      personId: created!.id,
      version: 1,
      data: { ...details },
      changedFields: Object.keys(details),
      changedByType: actor.actorType,
      changedById: actor.actorId,
      reason: 'recorded from a contact',
    });
    return { id: created!.id, matchedBy: 'created' };
  }

  private async applyOutcome(
    tx: Tx,
    row: ContactRow,
    body: ContactOutcomeBody,
    principal: Principal,
    auditInTx: AuditInTx,
  ) {
    const actor = actorOf(principal);
    if (leadsToConversation(body.outcome) && !row.personId)
      throw invalidField('outcome', 'a conversation needs to know who the person is: name or describe them first');
    const [updated] = await tx
      .update(contacts)
      .set({
        outcome: body.outcome,
        outcomeReason: body.reason ?? null,
        resolvedAt: new Date(),
        resolvedById: actor.actorId,
        version: row.version + 1,
      })
      .where(and(eq(contacts.id, row.id), isNull(contacts.outcome)))
      .returning();
    if (!updated)
      throw new AppProblem(
        409,
        'outcome_already_recorded',
        'Already has an outcome',
        'This contact already has its outcome.',
      );
    let concernId: string | null = null;
    if (body.outcome === 'safeguarding_concern_raised') {
      const [concern] = await tx
        .insert(safeguardingConcerns)
        .values({
          personId: row.personId,
          contactId: row.id,
          summary: body.concernSummary!,
          raisedByType: actor.actorType,
          raisedById: actor.actorId,
        })
        .returning();
      concernId = concern!.id;
      await recordEvent(tx, {
        type: 'safeguarding.concern-raised',
        subjectType: 'safeguarding_concern',
        subjectId: concernId,
        data: { contactId: row.id },
      });
    }
    // Progressed to a conversation: the person's story opens (or the open one gathers this contact).
    const storyId =
      leadsToConversation(body.outcome) && row.personId
        ? (
            await storyForContact(
              tx,
              {
                personId: row.personId,
                contactId: row.id,
                teamId: row.teamId,
                byUserId: principal.kind === 'user' ? principal.userId : null,
              },
              auditInTx,
            )
          ).storyId
        : null;
    await recordEvent(tx, {
      type: 'contact.resolved',
      subjectType: 'contact',
      subjectId: row.id,
      data: { outcome: body.outcome, resolvedAtFirstContact: isResolvedAtFirstContact(body.outcome) },
    });
    return { row: updated, concernId, storyId };
  }

  async create(body: NewContactBody, principal: Principal, auditInTx: AuditInTx): Promise<ContactBody> {
    if (body.personId && body.person) throw invalidField('person', 'give either personId or person, not both');
    checkOutcome(body);
    if (body.occurredAt && new Date(body.occurredAt).getTime() > Date.now() + 5 * 60_000)
      throw invalidField('occurredAt', 'cannot be in the future');
    return this.db.transaction(async (tx) => {
      if (body.teamId) {
        const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, body.teamId));
        if (!team) throw invalidField('teamId', 'is not a known team');
      }
      const person = await this.personFor(tx, body, principal);
      const actor = actorOf(principal);
      const source =
        principal.kind === 'client' ? (principal.clientKind === 'partner' ? 'partner' : 'council_system') : 'console';
      const teamId = body.teamId ?? (principal.kind === 'user' ? (principal.teamIds[0] ?? null) : null);
      const [row] = await tx
        .insert(contacts)
        .values({
          personId: person?.id ?? null,
          teamId,
          occurredAt: body.occurredAt ? new Date(body.occurredAt) : new Date(),
          channel: body.channel,
          madeBy: body.madeBy,
          routeOfAccess: body.routeOfAccess,
          whatMatters: body.whatMatters,
          notes: body.notes ?? '',
          source,
          createdByType: actor.actorType,
          createdById: actor.actorId,
        })
        .returning();
      await recordEvent(tx, {
        type: 'contact.created',
        subjectType: 'contact',
        subjectId: row!.id,
        data: { routeOfAccess: body.routeOfAccess, source },
      });
      await auditInTx(tx, {
        action: 'contact.create',
        resourceType: 'contact',
        resourceId: row!.id,
        personId: person?.id ?? null,
      });
      if (body.outcome) {
        const done = await this.applyOutcome(
          tx,
          row!,
          { outcome: body.outcome, reason: body.reason, concernSummary: body.concernSummary },
          principal,
          auditInTx,
        );
        return contactView(done.row, done.concernId, person?.matchedBy, done.storyId);
      }
      return contactView(row!, null, person?.matchedBy);
    });
  }

  async recordOutcome(
    id: string,
    body: ContactOutcomeBody,
    principal: Principal,
    auditInTx: AuditInTx,
  ): Promise<ContactBody> {
    checkOutcome(body);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(contacts).where(eq(contacts.id, id)).for('update');
      if (!row) throw notFound('contact');
      if (row.personId && !principal.permissions.has('people:restricted')) {
        const [person] = await tx
          .select({ restricted: people.restricted })
          .from(people)
          .where(eq(people.id, row.personId));
        if (person?.restricted) throw notFound('contact');
      }
      const done = await this.applyOutcome(tx, row, body, principal, auditInTx);
      await auditInTx(tx, {
        action: 'contact.outcome',
        resourceType: 'contact',
        resourceId: id,
        personId: row.personId,
      });
      return contactView(done.row, done.concernId, undefined, done.storyId);
    });
  }

  async get(id: string, seesRestricted: boolean): Promise<ContactBody> {
    const [found] = await this.db
      .select({ row: contacts, restricted: people.restricted })
      .from(contacts)
      .leftJoin(people, eq(people.id, contacts.personId))
      .where(eq(contacts.id, id));
    if (!found || (found.restricted && !seesRestricted)) throw notFound('contact');
    const row = found.row;
    const [[concern], [story]] = await Promise.all([
      this.db
        .select({ id: safeguardingConcerns.id })
        .from(safeguardingConcerns)
        .where(eq(safeguardingConcerns.contactId, id)),
      this.db.select({ id: storyContacts.storyId }).from(storyContacts).where(eq(storyContacts.contactId, id)),
    ]);
    return contactView(row, concern?.id ?? null, undefined, story?.id ?? null);
  }

  async list(
    seesRestricted: boolean,
    q: {
      from?: string | undefined;
      to?: string | undefined;
      teamId?: string | undefined;
      personId?: string | undefined;
      outcome?: string | undefined;
      source?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    },
  ) {
    const after = decodeCursor<[string, string]>(q.cursor, 2);
    const where: SQL[] = [];
    if (q.from) where.push(sql`${contacts.occurredAt} >= ${q.from}::timestamptz`);
    if (q.to) where.push(sql`${contacts.occurredAt} < ${q.to}::timestamptz`);
    if (q.teamId) where.push(eq(contacts.teamId, q.teamId));
    if (q.personId) where.push(eq(contacts.personId, q.personId));
    if (q.outcome === 'none') where.push(isNull(contacts.outcome));
    else if (q.outcome) where.push(eq(contacts.outcome, q.outcome));
    if (q.source) where.push(eq(contacts.source, q.source as 'console'));
    if (after)
      where.push(sql`(${contacts.occurredAt}, ${contacts.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
    // Contacts about a restricted person are as hidden as the person.
    if (!seesRestricted) where.push(sql`not coalesce(${people.restricted}, false)`);
    const rows = await this.db
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
    const page = pageOf(rows, q.limit, (r) => [r.c.occurredAt.toISOString(), r.c.id]);
    return {
      items: page.items.map((r) => ({
        ...contactView(r.c, r.concernId, undefined, r.storyId),
        personName: r.given ? `${r.given} ${r.family}` : null,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
