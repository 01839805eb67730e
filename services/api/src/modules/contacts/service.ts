import { randomUUID } from 'node:crypto';
import type { contacts, Database, DbOrTx, Tx } from '@threefold/db';
import {
  contactOutcomeProblems,
  dateInEngland,
  isResolvedAtFirstContact,
  type ContactOutcome,
} from '@threefold/domain';
import { actorOf } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound } from '../../errors.js';
import { eventsPart, recordEvent, recordEvents, type NewEvent } from '../../outbox/record-event.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import type { Actor } from '../../platform/actor.js';
import { leadsToConversation, openStory } from '../conversations/stories.js';
import { checkPersonFields, findPerson, matchPerson, recordPerson } from '../people/service.js';
import { raiseConcern } from '../safeguarding/concerns.js';
import { contactRepository } from './repository.js';
import type { ContactBody, ContactOutcomeBody, NewContactBody } from './schemas.js';

type ContactRow = typeof contacts.$inferSelect;

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

/** A merge moves the duplicate's contacts to the survivor (in the merge's transaction); returns their ids. */
export const moveContactsToPerson = (tx: DbOrTx, fromPersonId: string, toPersonId: string): Promise<string[]> =>
  contactRepository.movePerson(tx, fromPersonId, toPersonId);

/** Undoing a merge gives these contacts back to the person (in the undo's transaction). */
export const returnContactsToPerson = (tx: DbOrTx, contactIds: string[], personId: string): Promise<void> =>
  contactRepository.setPerson(tx, contactIds, personId);

/** The outbox event of a contact's outcome. */
function resolvedEvent(contactId: string, outcome: ContactOutcomeBody['outcome']): NewEvent {
  return {
    type: 'contact.resolved',
    subjectType: 'contact',
    subjectId: contactId,
    data: { outcome, resolvedAtFirstContact: isResolvedAtFirstContact(outcome) },
  };
}

/** A foreign key on `column` refused the row (PostgreSQL 23503; the constraint is named after the column). */
function isForeignKeyViolation(error: unknown, column: string): boolean {
  const e = (error as { cause?: unknown }).cause ?? error;
  const { code, constraint } = e as { code?: string; constraint?: string };
  return code === '23503' && typeof constraint === 'string' && constraint.includes(column);
}

/** Turns the team's foreign key refusing the contact into the caller's mistake: 400 on teamId. */
async function teamChecked<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isForeignKeyViolation(error, 'team_id')) throw invalidField('teamId', 'is not a known team');
    throw error;
  }
}

/** The contact row as written, with its outcome when it has one; the team's foreign key checks the team. */
function newContact(actor: Actor, body: NewContactBody, personId: string | null) {
  const principal = actor.principal;
  const who = actorOf(principal);
  const now = actor.now();
  const source: ContactRow['source'] =
    principal.kind === 'client' ? (principal.clientKind === 'partner' ? 'partner' : 'council_system') : 'console';
  return {
    personId,
    teamId: body.teamId ?? (principal.kind === 'user' ? (principal.teamIds[0] ?? null) : null),
    occurredAt: body.occurredAt ? new Date(body.occurredAt) : now,
    channel: body.channel,
    madeBy: body.madeBy,
    routeOfAccess: body.routeOfAccess,
    whatMatters: body.whatMatters,
    notes: body.notes ?? '',
    source,
    createdByType: who.actorType,
    createdById: who.actorId,
    ...(body.outcome
      ? { outcome: body.outcome, outcomeReason: body.reason ?? null, resolvedAt: now, resolvedById: who.actorId }
      : {}),
  };
}

/** A new contact's events: created, then resolved when it came with its outcome. */
function createdEvents(contactId: string, body: NewContactBody, source: ContactRow['source']): NewEvent[] {
  return [
    {
      type: 'contact.created',
      subjectType: 'contact',
      subjectId: contactId,
      data: { routeOfAccess: body.routeOfAccess, source },
    },
    ...(body.outcome ? [resolvedEvent(contactId, body.outcome)] : []),
  ];
}

const createdAudit = (contactId: string, personId: string | null) => ({
  action: 'contact.create',
  resourceType: 'contact',
  resourceId: contactId,
  personId,
});

export class ContactService {
  constructor(private readonly db: Database) {}

  /**
   * Finds the person the contact is about (NHS number first, then name and date of birth) or has
   * the people module record them, in this transaction, as any person is recorded.
   */
  private async personFor(
    tx: Tx,
    actor: Actor,
    body: NewContactBody,
  ): Promise<{ id: string; matchedBy: NonNullable<ContactBody['personMatchedBy']> } | null> {
    if (body.personId) {
      const p = await findPerson(tx, body.personId);
      if (!p) throw invalidField('personId', 'is not a known person');
      return { id: p.mergedIntoId ?? p.id, matchedBy: 'person_id' };
    }
    if (!body.person) return null;
    const details = checkPersonFields({ ...body.person }, dateInEngland(actor.now())) as NonNullable<
      NewContactBody['person']
    >;
    const match = await matchPerson(tx, details);
    if (match) return match;
    const recorded = await recordPerson(tx, actor, details, { source: 'contact' });
    return { id: recorded.id, matchedBy: 'created' };
  }

  private async applyOutcome(tx: Tx, actor: Actor, row: ContactRow, body: ContactOutcomeBody) {
    const who = actorOf(actor.principal);
    if (leadsToConversation(body.outcome) && !row.personId)
      throw invalidField('outcome', 'a conversation needs to know who the person is: name or describe them first');
    const updated = await contactRepository.resolve(tx, row.id, {
      outcome: body.outcome,
      outcomeReason: body.reason ?? null,
      resolvedAt: actor.now(),
      resolvedById: who.actorId,
      version: row.version + 1,
    });
    if (!updated)
      throw new AppProblem(
        409,
        'outcome_already_recorded',
        'Already has an outcome',
        'This contact already has its outcome.',
      );
    const followed = await this.followOutcome(tx, actor, row, body);
    await recordEvent(tx, resolvedEvent(row.id, body.outcome));
    return { row: updated, ...followed };
  }

  /** What an outcome starts: a safeguarding concern, or the person's story (a conversation). */
  private async followOutcome(tx: Tx, actor: Actor, row: ContactRow, body: ContactOutcomeBody) {
    let concernId: string | null = null;
    if (body.outcome === 'safeguarding_concern_raised') {
      const concern = await raiseConcern(tx, actor, {
        personId: row.personId,
        contactId: row.id,
        summary: body.concernSummary!,
        raisedByKind: row.madeBy as ContactBody['madeBy'],
      });
      concernId = concern.id;
    }
    // Progressed to a conversation: the person's story opens (or the open one gathers this contact).
    const storyId =
      leadsToConversation(body.outcome) && row.personId
        ? (
            await openStory(tx, actor, {
              personId: row.personId,
              contactId: row.id,
              teamId: row.teamId,
              joinOpenStory: true,
            })
          ).storyId
        : null;
    return { concernId, storyId };
  }

  async create(actor: Actor, body: NewContactBody): Promise<ContactBody> {
    if (body.personId && body.person) throw invalidField('person', 'give either personId or person, not both');
    checkOutcome(body);
    const now = actor.now();
    if (body.occurredAt && new Date(body.occurredAt).getTime() > now.getTime() + 5 * 60_000)
      throw invalidField('occurredAt', 'cannot be in the future');
    const aboutNobody = !body.personId && !body.person;
    if (aboutNobody && body.outcome && leadsToConversation(body.outcome))
      throw invalidField('outcome', 'a conversation needs to know who the person is: name or describe them first');
    // Nobody to find and nothing the outcome starts: no rule reads between the writes, so the
    // contact, its events and its audit row go as one statement, without a transaction.
    if (aboutNobody && body.outcome !== 'safeguarding_concern_raised') return this.recordAtOnce(actor, body);
    return this.db.transaction(async (tx) => {
      const person = await this.personFor(tx, actor, body);
      const values = newContact(actor, body, person?.id ?? null);
      const row = await teamChecked(contactRepository.insert(tx, values));
      // Both events in one statement, created first.
      await recordEvents(tx, createdEvents(row.id, body, values.source));
      await actor.audit(tx, createdAudit(row.id, person?.id ?? null));
      if (body.outcome) {
        const done = await this.followOutcome(tx, actor, row, {
          outcome: body.outcome,
          reason: body.reason,
          concernSummary: body.concernSummary,
        });
        return contactView(row, done.concernId, person?.matchedBy, done.storyId);
      }
      return contactView(row, null, person?.matchedBy);
    });
  }

  /** A contact about nobody yet, with no outcome or one that starts nothing: one statement. */
  private async recordAtOnce(actor: Actor, body: NewContactBody): Promise<ContactBody> {
    const id = randomUUID();
    const values = newContact(actor, body, null);
    const row = await teamChecked(
      contactRepository.insertWith(this.db, { id, ...values }, [
        eventsPart(createdEvents(id, body, values.source)),
        actor.auditPart(createdAudit(id, null)),
      ]),
    );
    return contactView(row);
  }

  async recordOutcome(actor: Actor, id: string, body: ContactOutcomeBody): Promise<ContactBody> {
    checkOutcome(body);
    return this.db.transaction(async (tx) => {
      const row = await contactRepository.lock(tx, id);
      if (!row) throw notFound('contact');
      if (row.personId && !actor.principal.permissions.has('people:restricted')) {
        const person = await findPerson(tx, row.personId);
        if (person?.restricted) throw notFound('contact');
      }
      const done = await this.applyOutcome(tx, actor, row, body);
      await actor.audit(tx, {
        action: 'contact.outcome',
        resourceType: 'contact',
        resourceId: id,
        personId: row.personId,
      });
      return contactView(done.row, done.concernId, undefined, done.storyId);
    });
  }

  async get(actor: Actor, id: string): Promise<ContactBody> {
    const found = await contactRepository.withPersonRestriction(this.db, id);
    if (!found || (found.restricted && !actor.principal.permissions.has('people:restricted')))
      throw notFound('contact');
    const [concernId, storyId] = await Promise.all([
      contactRepository.concernIdOf(this.db, id),
      contactRepository.storyIdOf(this.db, id),
    ]);
    return contactView(found.row, concernId, undefined, storyId);
  }

  async list(
    actor: Actor,
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
    const { cursor, ...filter } = q;
    const rows = await contactRepository.list(this.db, {
      ...filter,
      after: decodeCursor<[string, string]>(cursor, 2),
      seesRestricted: actor.principal.permissions.has('people:restricted'),
    });
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
