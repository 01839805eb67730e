import type { Database, DbOrTx, Tx } from '@threefold/db';
import {
  dateInEngland,
  lastOverdueStart,
  type contactMadeBy,
  type ImmediateSafety,
  type SafeguardingRiskType,
} from '@threefold/domain';
import { actorOf } from '../../auth/principal.js';
import { invalidField, notFound } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { accessFor, involvedEnquiryIds, isRestricted, personName, reducedView } from './access.js';
import { concernRepository, type ConcernRow } from './concern-repository.js';
import { enquiryRepository } from './enquiry-repository.js';
import { safeguardingLookups } from './repository.js';
import type { ConcernBody, NewConcernBody, ReducedViewBody } from './schemas.js';
import { concernView, type SafeguardingSettings } from './views.js';

/** What raising a concern needs, from the safeguarding route or from a contact at the front door. */
export interface ConcernToRaise {
  /** The person it is about (already resolved to the surviving record after a merge); null when not yet known. */
  personId: string | null;
  /** The contact it came through, if any. */
  contactId?: string | null | undefined;
  /** The conversation it came through, if any. */
  conversationId?: string | null | undefined;
  /** What happened, as it was told. */
  summary: string;
  /** Who told the practice (the contact's `madeBy`), and their name or role in words. */
  raisedByKind?: (typeof contactMadeBy)[number] | null | undefined;
  raisedByName?: string | undefined;
  /** Not known unless said. */
  immediateSafety?: ImmediateSafety | undefined;
  immediateSafetyNote?: string | undefined;
  suspectedRiskTypes?: readonly SafeguardingRiskType[] | undefined;
}

/**
 * Raises a safeguarding concern in the caller's transaction: the concern (its decision clock starts
 * at the actor's moment), the `safeguarding.concern-raised` event and the audit row. The one way a
 * concern is raised, whether from the safeguarding route or from a contact; the caller checks that
 * the person, contact and conversation are what they say.
 */
export async function raiseConcern(tx: Tx, actor: Actor, input: ConcernToRaise): Promise<ConcernRow> {
  const { principal } = actor;
  const raisedVia = input.conversationId
    ? 'conversation'
    : input.contactId
      ? 'contact'
      : principal.kind === 'client'
        ? 'council_system'
        : 'direct';
  const immediateSafety = input.immediateSafety ?? 'not_known';
  const who = actorOf(principal);
  const row = await concernRepository.insert(tx, {
    personId: input.personId,
    contactId: input.contactId ?? null,
    conversationId: input.conversationId ?? null,
    summary: input.summary,
    raisedVia,
    raisedByKind: input.raisedByKind ?? null,
    raisedByName: input.raisedByName ?? '',
    immediateSafety,
    immediateSafetyNote: input.immediateSafetyNote ?? '',
    suspectedRiskTypes: [...(input.suspectedRiskTypes ?? [])],
    raisedByType: who.actorType,
    raisedById: who.actorId,
    raisedAt: actor.now(),
  });
  await recordEvent(tx, {
    type: 'safeguarding.concern-raised',
    subjectType: 'safeguarding_concern',
    subjectId: row.id,
    data: { raisedVia, immediateSafety, contactId: input.contactId ?? null },
  });
  await actor.audit(tx, {
    action: 'safeguarding_concern.create',
    resourceType: 'safeguarding_concern',
    resourceId: row.id,
    personId: input.personId,
  });
  return row;
}

/** A merge moves the duplicate's concerns to the survivor (in the merge's transaction); returns their ids. */
export const moveConcernsToPerson = (tx: DbOrTx, fromPersonId: string, toPersonId: string): Promise<string[]> =>
  concernRepository.movePerson(tx, fromPersonId, toPersonId);

/** Undoing a merge gives these concerns back to the person (in the undo's transaction). */
export const returnConcernsToPerson = (tx: DbOrTx, concernIds: string[], personId: string): Promise<void> =>
  concernRepository.setPerson(tx, concernIds, personId);

/** Concerns: raising one on the safeguarding route, reading one, and the lead's queue. */
export class ConcernService {
  constructor(
    private readonly db: Database,
    private readonly settings: SafeguardingSettings,
  ) {}

  async raise(actor: Actor, body: NewConcernBody): Promise<ConcernBody> {
    const { principal } = actor;
    if (body.contactId && body.conversationId)
      throw invalidField('conversationId', 'give either contactId or conversationId, not both');
    return this.db.transaction(async (tx) => {
      const person = await safeguardingLookups.person(tx, body.personId);
      if (!person || (person.restricted && !principal.permissions.has('people:restricted')))
        throw invalidField('personId', 'is not a known person');
      const personId = person.mergedIntoId ?? person.id;
      const isThem = (id: string | null) => id === person.id || id === personId;
      if (body.contactId) {
        const c = await safeguardingLookups.contactPerson(tx, body.contactId);
        if (!c) throw invalidField('contactId', 'is not a known contact');
        if (c.personId && !isThem(c.personId)) throw invalidField('contactId', 'is about someone else');
      }
      if (body.conversationId) {
        const c = await safeguardingLookups.conversationPerson(tx, body.conversationId);
        if (!c) throw invalidField('conversationId', 'is not a known conversation');
        if (!isThem(c.personId)) throw invalidField('conversationId', 'is about someone else');
      }
      const row = await raiseConcern(tx, actor, {
        personId,
        contactId: body.contactId,
        conversationId: body.conversationId,
        summary: body.summary,
        raisedByKind: body.raisedByKind,
        raisedByName: body.raisedByName,
        immediateSafety: body.immediateSafety,
        immediateSafetyNote: body.immediateSafetyNote,
        suspectedRiskTypes: body.suspectedRiskTypes,
      });
      return this.view(row, await personName(tx, personId), null, actor.now());
    });
  }

  async concern(actor: Actor, id: string): Promise<{ full: ConcernBody } | { reduced: ReducedViewBody }> {
    const { principal } = actor;
    const row = await concernRepository.findById(this.db, id);
    if (!row) throw notFound('safeguarding concern');
    const enquiry = await enquiryRepository.findByConcern(this.db, id);
    const involved = enquiry ? (await involvedEnquiryIds(this.db, principal, [enquiry.id])).has(enquiry.id) : false;
    const access = accessFor(principal, involved, await isRestricted(this.db, row.personId));
    if (access === 'hidden') throw notFound('safeguarding concern');
    await actor.audit(this.db, {
      action: access === 'full' ? 'safeguarding_concern.read' : 'safeguarding_concern.read_reduced',
      resourceType: 'safeguarding_concern',
      resourceId: id,
      personId: row.personId,
    });
    if (access === 'reduced') return { reduced: await reducedView(this.db, 'concern', row, enquiry ?? null) };
    return { full: this.view(row, await personName(this.db, row.personId), enquiry?.id ?? null, actor.now()) };
  }

  /** The lead's queue: awaiting a decision, oldest (so the overdue) first; or decided concerns by status. */
  async queue(
    actor: Actor,
    q: { status?: string | undefined; overdue?: boolean | undefined; limit: number; cursor?: string | undefined },
  ) {
    const now = actor.now();
    const cutoff = lastOverdueStart(dateInEngland(now), this.settings.decisionWorkingDays);
    const rows = await concernRepository.queuePage(this.db, {
      status: q.status ?? 'awaiting_decision',
      cutoff,
      overdue: q.overdue,
      after: decodeCursor<[string, string]>(q.cursor, 2),
      limit: q.limit + 1,
    });
    const overdueCount = await concernRepository.countOverdue(this.db, cutoff);
    const page = pageOf(rows, q.limit, (r) => [r.c.raisedAt.toISOString(), r.c.id]);
    const items = page.items.map((r) =>
      this.view(r.c, r.given ? `${r.given} ${r.family}` : null, r.enquiryId ?? null, now),
    );
    await Promise.all(
      items.map((item) =>
        actor.audit(this.db, {
          action: 'safeguarding_concern.list',
          resourceType: 'safeguarding_concern',
          resourceId: item.id,
          personId: item.personId,
        }),
      ),
    );
    return { items, overdueCount, nextCursor: page.nextCursor };
  }

  private view(row: ConcernRow, name: string | null, enquiryId: string | null, now: Date): ConcernBody {
    return concernView(row, name, enquiryId, this.settings.decisionWorkingDays, now);
  }
}
