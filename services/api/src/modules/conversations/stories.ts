import type { Database, DbOrTx } from '@threefold/db';
import { isRole, isStoryAuthor, permissionsOfRoles, type ContactOutcome } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { boardRepository } from './board.repository.js';
import { conversationRepository } from './conversation.repository.js';
import type { StoryBody } from './schemas.js';
import { assertStoryOpen, closureView } from './story-life.js';
import { storyRepository } from './story.repository.js';
import { conversationView, gateOf, peerStepView, requestView } from './views.js';

const colleagueOf = (actor: Actor) => asUser(actor.principal, 'Conversations are held by colleagues.');

/** The front-door outcomes that mean a conversation with the person: each leads into their story. */
export function leadsToConversation(outcome: ContactOutcome | null | undefined): boolean {
  return (
    outcome === 'progressed_to_conversation_1' ||
    outcome === 'progressed_to_conversation_2' ||
    outcome === 'progressed_to_conversation_3'
  );
}

/**
 * The one way a person's story opens, in the caller's transaction: the story, its link to the
 * contact it came from, the `opened` entry, `story.opened` and the audit row commit together or
 * not at all. A colleague who opens it holds it; a council system leaves it on the team's board.
 *
 * With `joinOpenStory` (a contact progressed to a conversation) a person who already has an open
 * story keeps it: that story gathers the contact instead (one person, one open story).
 */
export async function openStory(
  tx: DbOrTx,
  actor: Actor,
  input: { personId: string; contactId?: string | null; teamId: string | null; joinOpenStory?: boolean },
): Promise<{ storyId: string; opened: boolean }> {
  const byId = actor.principal.kind === 'user' ? actor.principal.userId : null;
  if (input.joinOpenStory) {
    await storyRepository.lockStoriesOfPerson(tx, input.personId);
    const open = await storyRepository.openOfPerson(tx, input.personId);
    if (open) {
      if (input.contactId) await storyRepository.linkContact(tx, open.id, input.contactId);
      await storyRepository.addEvent(tx, { storyId: open.id, kind: 'contact', byId, note: '' });
      await actor.audit(tx, {
        action: 'story.contact',
        resourceType: 'story',
        resourceId: open.id,
        personId: input.personId,
      });
      return { storyId: open.id, opened: false };
    }
  }
  const story = await storyRepository.insert(tx, {
    personId: input.personId,
    contactId: input.contactId ?? null,
    teamId: input.teamId,
    heldById: byId,
  });
  if (input.contactId) await storyRepository.linkContact(tx, story.id, input.contactId);
  await storyRepository.addEvent(tx, { storyId: story.id, kind: 'opened', byId });
  await recordEvent(tx, {
    type: 'story.opened',
    subjectType: 'story',
    subjectId: story.id,
    data: { personId: input.personId, contactId: input.contactId ?? null },
  });
  await actor.audit(tx, {
    action: 'story.open',
    resourceType: 'story',
    resourceId: story.id,
    personId: input.personId,
  });
  return { storyId: story.id, opened: true };
}

/** A request on a story and the event that answers it. */
/** A request on a story and the event that answers it (a peer step is given through PeerStepService). */
const requestAnswers = {
  peer_step_requested: null,
  risk_panel_requested: 'risk_panel_held',
} as const;
type RequestKind = keyof typeof requestAnswers;
export type StoryActionKind = 'pick_up' | 'invite' | 'hand_on' | RequestKind | 'risk_panel_held';
const requestOf = (kind: RequestKind | 'risk_panel_held') =>
  kind === 'peer_step_requested' ? ('peer_review' as const) : ('risk_panel' as const);

export class StoryService {
  constructor(private readonly db: Database) {}

  /** Opened by a colleague, from the person or from one of their contacts not yet in a story. */
  async open(actor: Actor, input: { personId: string; contactId?: string | undefined; teamId?: string | undefined }) {
    const user = colleagueOf(actor);
    return this.db.transaction(async (tx) => {
      const person = await storyRepository.personToOpenFor(tx, input.personId);
      if (!person || (person.restricted && !user.permissions.has('people:restricted')))
        throw invalidField('personId', 'is not a known person');
      const teamId = input.teamId ?? user.teamIds[0] ?? null;
      if (teamId && !(await storyRepository.teamExists(tx, teamId)))
        throw invalidField('teamId', 'is not a known team');
      if (input.contactId) {
        const contact = await storyRepository.contactWithStory(tx, input.contactId);
        if (!contact || contact.personId !== input.personId)
          throw invalidField('contactId', 'is not a contact about this person');
        if (contact.storyId) throw invalidField('contactId', 'already led into a story');
      }
      const { storyId } = await openStory(tx, actor, { personId: input.personId, contactId: input.contactId, teamId });
      return storyId;
    });
  }

  async story(actor: Actor, id: string): Promise<StoryBody> {
    const row = await storyRepository.find(this.db, id);
    if (!row) throw notFound('story');
    const [convs, plans, signOffs, events, spent, contactIds, requests] = await Promise.all([
      conversationRepository.ofStory(this.db, id),
      conversationRepository.plansOfStory(this.db, id),
      storyRepository.signOffsOf(this.db, id),
      storyRepository.eventsOf(this.db, id),
      conversationRepository.sumContingencyForStory(this.db, id),
      storyRepository.contactIdsOf(this.db, id),
      storyRepository.openRequestsOf(this.db, id),
    ]);
    const planOf = new Map(plans.map((p) => [p.conversationId, p]));
    return {
      id: row.id,
      personId: row.personId,
      teamId: row.teamId,
      contactId: row.contactId,
      contactIds,
      status: row.status,
      closure: closureView(row),
      heldById: row.heldById,
      openedAt: row.openedAt.toISOString(),
      conversations: convs.map((c) => conversationView(c, planOf.get(c.id) ?? null)),
      peerSteps: signOffs.map(peerStepView),
      mayGivePeerStep:
        actor.principal.kind === 'user' &&
        !isStoryAuthor(
          { heldById: row.heldById, conversationAuthorIds: convs.map((c) => c.authorId) },
          actor.principal.userId,
        ),
      events: events.map((e) => ({
        kind: e.kind,
        byId: e.byId,
        colleagueId: e.colleagueId,
        note: e.note,
        at: e.at.toISOString(),
      })),
      openRequests: requests.map(requestView),
      conversation3Gate: gateOf(convs, signOffs, row.assessmentRequestedAt !== null),
      assessmentRequest:
        row.assessmentRequestedAt && row.assessmentRequestedBy
          ? {
              at: row.assessmentRequestedAt.toISOString(),
              requestedBy: row.assessmentRequestedBy,
              requesterName: row.assessmentRequesterName ?? '',
              reason: row.assessmentRequestReason ?? '',
              recordedById: row.assessmentRequestRecordedById,
            }
          : null,
      contingencySpentPence: spent,
      version: row.version,
    };
  }

  async storiesOf(actor: Actor, personId: string) {
    const ids = await storyRepository.idsOfPerson(this.db, personId);
    return Promise.all(ids.map((id) => this.story(actor, id)));
  }

  /**
   * Pick up, invite a colleague, hand on with a note (back to the board), ask for a peer step or a
   * risk panel, or record the risk panel that was asked for.
   */
  async act(
    actor: Actor,
    storyId: string,
    kind: StoryActionKind,
    input: { note?: string | undefined; colleagueId?: string | undefined },
  ) {
    const user = colleagueOf(actor);
    return this.db.transaction(async (tx) => {
      const story = await storyRepository.lock(tx, storyId);
      if (!story) throw notFound('story');
      assertStoryOpen(story);
      // A story whose holder was disabled is back on the board: anyone may pick it up.
      if (kind === 'pick_up' && story.heldById && !(await boardRepository.colleague(tx, story.heldById))?.disabledAt)
        throw new AppProblem(409, 'already_held', 'Already with someone', 'A colleague already holds this story.');
      if (kind === 'hand_on' && !input.note?.trim())
        throw invalidField('note', 'say what the next colleague needs to know');
      if (kind === 'invite') await this.checkInvitee(tx, input.colleagueId, user.userId);
      if (kind === 'risk_panel_held' && !input.note?.trim())
        throw invalidField('note', 'say what was found and agreed');
      if (kind in requestAnswers || kind === 'risk_panel_held') {
        const wanted = requestOf(kind as RequestKind);
        const what = wanted === 'peer_review' ? 'peer step' : 'risk panel';
        const open = await storyRepository.openRequest(tx, storyId, wanted);
        if (kind in requestAnswers) {
          if (open)
            throw new AppProblem(
              409,
              'request_already_open',
              'Already asked',
              `A ${what} is already asked for on this story.`,
            );
          await storyRepository.insertRequest(tx, { storyId, kind: wanted, byId: user.userId, note: input.note ?? '' });
        } else {
          if (!open)
            throw new AppProblem(
              409,
              'no_open_request',
              'Nothing asked',
              `Nobody has asked for a ${what} on this story.`,
            );
          await storyRepository.answerRequest(tx, open.id, {
            answeredAt: actor.now(),
            answeredById: user.userId,
            answer: input.note!.trim(),
          });
        }
      }
      const heldById = kind === 'pick_up' ? user.userId : kind === 'hand_on' ? null : story.heldById;
      await storyRepository.update(tx, storyId, { heldById, version: story.version + 1 });
      await storyRepository.addEvent(tx, {
        storyId,
        kind,
        byId: user.userId,
        colleagueId: input.colleagueId ?? null,
        note: input.note ?? '',
      });
      await actor.audit(tx, {
        action: `story.${kind}`,
        resourceType: 'story',
        resourceId: storyId,
        personId: story.personId,
      });
    });
  }

  /**
   * The person, or someone for them, asks to go straight to the eligibility assessment (Care Act
   * 2014 s9(3)): recorded on the story with who asked and why, once; conversation 3 then opens for
   * this story without conversations 1 and 2 or the peer step. Every other story keeps the gate.
   */
  async requestAssessment(
    actor: Actor,
    storyId: string,
    input: { requestedBy: 'person' | 'someone_for_them'; requesterName?: string | undefined; reason: string },
  ) {
    const user = colleagueOf(actor);
    const name = input.requesterName?.trim() ?? '';
    if (input.requestedBy === 'someone_for_them' && !name) {
      throw invalidField('requesterName', 'say who asked for the person');
    }
    await this.db.transaction(async (tx) => {
      const story = await storyRepository.lock(tx, storyId);
      if (!story) throw notFound('story');
      assertStoryOpen(story);
      if (story.assessmentRequestedAt) {
        throw new AppProblem(
          409,
          'assessment_already_requested',
          'Already asked',
          'An assessment has already been asked for on this story: conversation 3 can open.',
        );
      }
      const now = actor.now();
      await storyRepository.update(tx, storyId, {
        assessmentRequestedAt: now,
        assessmentRequestedBy: input.requestedBy,
        assessmentRequesterName: name,
        assessmentRequestReason: input.reason.trim(),
        assessmentRequestRecordedById: user.userId,
        version: story.version + 1,
      });
      await storyRepository.addEvent(tx, {
        storyId,
        kind: 'assessment_requested',
        byId: user.userId,
        note: input.reason.trim(),
        at: now,
      });
      await recordEvent(tx, {
        type: 'story.assessment-requested',
        subjectType: 'story',
        subjectId: storyId,
        data: { requestedBy: input.requestedBy },
      });
      await actor.audit(tx, {
        action: 'story.assessment_requested',
        resourceType: 'story',
        resourceId: storyId,
        personId: story.personId,
      });
    });
  }

  /** An invited colleague is an active member of staff, and not the one inviting. */
  private async checkInvitee(tx: DbOrTx, colleagueId: string | undefined, inviterId: string) {
    if (!colleagueId) throw invalidField('colleagueId', 'is required to invite a colleague');
    if (colleagueId === inviterId) throw invalidField('colleagueId', 'is you: invite someone else');
    const colleague = await boardRepository.colleague(tx, colleagueId);
    if (!colleague || colleague.disabledAt) throw invalidField('colleagueId', 'is not a colleague in the practice');
    // Someone whose roles cannot read stories (an administrator, an auditor) could not join in.
    if (!permissionsOfRoles(colleague.roles.filter(isRole)).has('conversations:read')) {
      throw invalidField('colleagueId', 'cannot see stories or conversations, so cannot be invited to one');
    }
  }
}
