import { Type, type Static } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';
import { peerStepOutcomes } from '@threefold/domain';
import { StoryRequest } from './board.schemas.js';
import { Conversation } from './conversation.schemas.js';
import { Id, Instant, Problems } from './schema-fields.js';
import { StoryClosure } from './story-life.schemas.js';

/** A person's story as the API shows it: the gate to conversation 3, peer steps, requests and actions. */

export const Gate = Strict(
  {
    open: Type.Boolean(),
    route: StringEnum(['peer_step', 'assessment_requested'] as const, {
      description:
        '`peer_step`: conversations 1 (and 2) exhausted and signed off by a peer; `assessment_requested`: the person asked ' +
        'for an assessment now (Care Act s9(3)), so only an open conversation 3 stops another.',
    }),
    unmet: Problems,
  },
  {
    $id: 'ConversationThreeGate',
    title: 'ConversationThreeGate',
    description: 'Whether conversation 3 may open, and every condition not yet met.',
  },
);

export const NewAssessmentRequest = Strict(
  {
    requestedBy: StringEnum(['person', 'someone_for_them'] as const, {
      description: 'The person themselves, or someone asking for them.',
    }),
    requesterName: Type.Optional(
      Type.String({ maxLength: 200, description: 'Who asked for the person; required when someone asked for them.' }),
    ),
    reason: Type.String({
      minLength: 1,
      maxLength: 4000,
      pattern: '\\S',
      description: 'Why they want an assessment now, in their words.',
    }),
  },
  {
    $id: 'NewAssessmentRequest',
    title: 'NewAssessmentRequest',
    description: 'A request to go straight to the eligibility assessment (Care Act 2014 s9(3)).',
  },
);

export const AssessmentRequest = Strict(
  {
    at: Instant,
    requestedBy: StringEnum(['person', 'someone_for_them'] as const),
    requesterName: Type.String({ maxLength: 200 }),
    reason: Type.String({ maxLength: 4000 }),
    recordedById: Type.Union([Id, Type.Null()]),
  },
  { $id: 'AssessmentRequest', title: 'AssessmentRequest' },
);

const PeerStepOutcomeField = StringEnum(peerStepOutcomes, {
  description:
    '`exhausted` signs off that conversations 1 (and 2) were exhausted — what the conversation 3 gate accepts, from a ' +
    'qualified colleague; `not_exhausted`: there is more to try first; `advice`: a peer’s view without a sign-off.',
});

export const PeerStep = Strict(
  {
    id: Id,
    byId: Id,
    outcome: PeerStepOutcomeField,
    why: Type.String({ maxLength: 4000 }),
    qualified: Type.Boolean({ description: 'Given by a qualified practitioner (may sign off conversations 1 and 2).' }),
    conversationIds: Type.Array(Id, { maxItems: 10, description: 'The conversations 1 and 2 the peer looked at.' }),
    at: Instant,
  },
  {
    $id: 'PeerStep',
    title: 'PeerStep',
    description: 'A peer’s fresh look at a story: who, when, the outcome and why.',
  },
);

export const Story = Strict(
  {
    id: Id,
    personId: Id,
    teamId: Type.Union([Id, Type.Null()]),
    contactId: Type.Union([Id, Type.Null()], { description: 'The contact that opened the story, if one did.' }),
    contactIds: Type.Array(Id, {
      maxItems: 1000,
      description: 'Every contact that led into this story (progressed to a conversation), oldest first.',
    }),
    status: StringEnum(['open', 'closed'] as const),
    closure: Type.Union([ref(StoryClosure), Type.Null()]),
    heldById: Type.Union([Id, Type.Null()]),
    openedAt: Instant,
    conversations: Type.Array(ref(Conversation), { maxItems: 100 }),
    peerSteps: Type.Array(ref(PeerStep), {
      maxItems: 50,
      description: 'Every peer step given on the story, oldest first: who, when, the outcome and why.',
    }),
    mayGivePeerStep: Type.Boolean({
      description:
        'Whether the reader may give a peer step: not when they hold the story or led one of its conversations.',
    }),
    events: Type.Array(
      Strict({
        kind: Type.String({
          maxLength: 40,
          description:
            '`opened`, `contact` (another contact joined it), `pick_up`, `invite`, `hand_on`, `peer_step_requested`, ' +
            '`peer_step_exhausted`, `peer_step_not_exhausted`, `peer_step_advice` (a peer step given; the note is why), ' +
            '`risk_panel_requested`, `risk_panel_held`, `closed` (the note says why), `reopened` (the note says why); ' +
            'older stories may also show `peer_review_requested`, `peer_review_given`.',
        }),
        byId: Type.Union([Id, Type.Null()]),
        colleagueId: Type.Union([Id, Type.Null()]),
        note: Type.String({ maxLength: 4000 }),
        at: Instant,
      }),
      { maxItems: 1000 },
    ),
    openRequests: Type.Array(ref(StoryRequest), { maxItems: 2 }),
    conversation3Gate: ref(Gate),
    assessmentRequest: Type.Union([ref(AssessmentRequest), Type.Null()], {
      description: 'The person asked to go straight to the eligibility assessment (Care Act s9(3)); null if not.',
    }),
    contingencySpentPence: Type.Integer({ minimum: 0, maximum: 100_000_000, format: 'int32' }),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
  },
  {
    $id: 'Story',
    title: 'Story',
    description: 'A person’s story: the timeline of conversations and who is with them.',
  },
);
export type StoryBody = Static<typeof Story>;

export const NewStory = Strict(
  { personId: Id, contactId: Type.Optional(Id), teamId: Type.Optional(Id) },
  { $id: 'NewStory', title: 'NewStory' },
);

export const StartConversation = Strict(
  { kind: Type.Integer({ minimum: 1, maximum: 3, format: 'int32' }) },
  { $id: 'StartConversation', title: 'StartConversation' },
);

export const NewPeerStep = Strict(
  {
    outcome: PeerStepOutcomeField,
    why: Type.String({
      minLength: 1,
      maxLength: 4000,
      description: 'Why: what the peer found, in words others can check.',
    }),
  },
  { $id: 'NewPeerStep', title: 'NewPeerStep' },
);

export const StoryAction = Strict(
  {
    note: Type.Optional(
      Type.String({
        maxLength: 4000,
        description: 'Required to hand on and to record a risk panel; optional otherwise.',
      }),
    ),
    colleagueId: Type.Optional(
      Type.String({ format: 'uuid', maxLength: 36, description: 'For invite: the colleague asked to join.' }),
    ),
  },
  { $id: 'StoryAction', title: 'StoryAction' },
);
