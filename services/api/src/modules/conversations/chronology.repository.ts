import { conversations, peerSignOffs, stories, storyEvents } from '@threefold/db';
import { sql } from 'drizzle-orm';
import type { ChronologyBranch } from '../../platform/chronology.js';

/** Story events that are a peer's step: a peer step, review or risk panel asked for or given. */
const peerKinds = sql`(left(${storyEvents.kind}, 5) = 'peer_' or ${storyEvents.kind} like 'risk_panel%')`;
/** A given peer step is also its peer_sign_offs row (with who, outcome and why): listed once, from there. */
const givenPeerStep = sql`${storyEvents.kind} in ('peer_step_exhausted', 'peer_step_not_exhausted', 'peer_step_advice')`;
const ofPerson = (personId: string) => sql`${stories.personId} = ${personId}`;

/**
 * Stories, conversations and peer steps for a person's chronology. Story events carry the story's
 * life (opened, picked up, handed on, closed, reopened); a contact joining a story is already the
 * contact's own entry.
 */
export const conversationChronology: ChronologyBranch[] = [
  {
    kind: 'story',
    permission: 'conversations:read',
    at: storyEvents.at,
    id: storyEvents.id,
    byId: storyEvents.byId,
    link: { type: 'story', id: storyEvents.storyId },
    summary: storyEvents.note,
    detail: storyEvents.kind,
    from: sql`${storyEvents} join ${stories} on ${stories.id} = ${storyEvents.storyId}`,
    where: (personId) => [ofPerson(personId), sql`${storyEvents.kind} <> 'contact'`, sql`not ${peerKinds}`],
  },
  {
    kind: 'peer_step',
    permission: 'conversations:read',
    at: storyEvents.at,
    id: storyEvents.id,
    byId: storyEvents.byId,
    link: { type: 'story', id: storyEvents.storyId },
    summary: storyEvents.note,
    detail: storyEvents.kind,
    from: sql`${storyEvents} join ${stories} on ${stories.id} = ${storyEvents.storyId}`,
    where: (personId) => [ofPerson(personId), peerKinds, sql`not ${givenPeerStep}`],
  },
  {
    kind: 'peer_step',
    permission: 'conversations:read',
    at: peerSignOffs.at,
    id: peerSignOffs.id,
    byId: peerSignOffs.byId,
    link: { type: 'story', id: peerSignOffs.storyId },
    summary: peerSignOffs.note,
    // Sign-offs from before the peer step carry `exhausted`, as the migration gave them.
    detail: sql`'peer_step_' || ${peerSignOffs.outcome}`,
    from: sql`${peerSignOffs} join ${stories} on ${stories.id} = ${peerSignOffs.storyId}`,
    where: (personId) => [ofPerson(personId)],
  },
  {
    kind: 'conversation_started',
    permission: 'conversations:read',
    at: conversations.startedAt,
    id: conversations.id,
    byId: conversations.authorId,
    link: { type: 'conversation', id: conversations.id },
    summary: sql`''`,
    detail: conversations.kind,
    from: sql`${conversations} join ${stories} on ${stories.id} = ${conversations.storyId}`,
    where: (personId) => [ofPerson(personId)],
  },
  {
    kind: 'conversation_concluded',
    permission: 'conversations:read',
    at: conversations.concludedAt,
    id: conversations.id,
    byId: conversations.authorId,
    link: { type: 'conversation', id: conversations.id },
    summary: sql`case when ${conversations.resolved} then 'Resolved what mattered.'
      when ${conversations.resolved} = false then concat('Not resolved: ', ${conversations.unresolvedReason})
      else '' end`,
    detail: conversations.kind,
    from: sql`${conversations} join ${stories} on ${stories.id} = ${conversations.storyId}`,
    where: (personId) => [ofPerson(personId), sql`${conversations.concludedAt} is not null`],
  },
];
