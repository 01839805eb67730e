import type { Tx } from '@threefold/db';
import type { contactMadeBy, ImmediateSafety, SafeguardingRiskType } from '@threefold/domain';
import { actorOf } from '../../auth/principal.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { concernRepository, type ConcernRow } from './concern-repository.js';

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
