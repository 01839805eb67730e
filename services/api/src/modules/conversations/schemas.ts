import { Type, type Static } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';
import { advocacyGrounds, peerStepOutcomes } from '@threefold/domain';
import { caseloadSchemas } from './caseload.schemas.js';
import { Board, Colleague, ColleagueList, StoryCard, StoryRequest, Urgency } from './board.schemas.js';
import {
  ContingencyLedger,
  ContingencySpend,
  NewContingencySpend,
  NewTouchpoint,
  Touchpoint,
  TouchpointLog,
} from './conversation-two.schemas.js';
import { Day, Id, Instant, Items, Problems } from './schema-fields.js';
import { StoryClosure } from './story-life.schemas.js';

export * from './board.schemas.js';
export * from './conversation-two.schemas.js';

export const Strengths = Strict(
  {
    personalResources: Items(500, 50),
    networksOfSupport: Items(500, 50),
    communityResources: Items(500, 50),
  },
  {
    $id: 'Strengths',
    title: 'Strengths',
    description: 'Strengths in the three domains: where every conversation starts.',
  },
);

export const Participant = Strict(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'How they took part: "the person", "daughter", "independent advocate".',
    }),
    personId: Type.Optional(Id),
    userId: Type.Optional(Id),
  },
  { $id: 'Participant', title: 'Participant' },
);

export const Advocacy = Strict(
  {
    substantialDifficulty: Strict({
      understanding: Type.Boolean(),
      retaining: Type.Boolean(),
      weighing: Type.Boolean(),
      communicating: Type.Boolean(),
    }),
    appropriatePersonAvailable: Type.Boolean(),
    advocateRecorded: Type.Boolean(),
    // The Care and Support (Independent Advocacy Support) (No. 2) Regulations 2014 reg 4: the cases
    // where an advocate is needed even with an appropriate person. Absent means no.
    possibleDeprivationOfLiberty: Type.Optional(
      Type.Boolean({ description: 'reg 4(2): the assessment or plan might result in a deprivation of liberty.' }),
    ),
    nhsHospitalStay28Days: Type.Optional(
      Type.Boolean({
        description: 'reg 4(3)(a)(i): likely to result in an NHS body arranging a hospital stay of 28 days or more.',
      }),
    ),
    nhsCareHome8Weeks: Type.Optional(
      Type.Boolean({
        description: 'reg 4(3)(a)(ii): likely to result in an NHS body arranging a care home stay of 8 weeks or more.',
      }),
    ),
    nhsAccommodationAdvocateInBestInterests: Type.Optional(
      Type.Boolean({
        description: 'reg 4(3)(b): the practice is satisfied an advocate is in the person’s best interests.',
      }),
    ),
    disagreementWithAppropriatePerson: Type.Optional(
      Type.Boolean({
        description: 'reg 4(4)(a): the practice and the appropriate person disagree on a material issue.',
      }),
    ),
    advocateAgreedWithAppropriatePerson: Type.Optional(
      Type.Boolean({
        description:
          'reg 4(4)(b): the practice and the appropriate person agree an advocate is in the person’s best interests.',
      }),
    ),
  },
  {
    $id: 'Advocacy',
    title: 'Advocacy',
    description:
      'The whole advocacy test: Care Act s67 (substantial difficulty in any of the four, and no appropriate person) and ' +
      'the Independent Advocacy Support (No. 2) Regulations 2014 reg 4 cases where an advocate is needed even with one.',
  },
);

/** What the advocacy test concludes, beside what was recorded. */
export const AdvocacyResult = Strict(
  {
    required: Type.Boolean({ description: 'An independent advocate is required.' }),
    grounds: Type.Array(StringEnum(advocacyGrounds), {
      maxItems: advocacyGrounds.length,
      description: 'Why: `s67_no_appropriate_person` and/or reg 4’s cases.',
    }),
    advocateRecorded: Type.Boolean(),
  },
  { $id: 'AdvocacyResult', title: 'AdvocacyResult' },
);

const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

export const ConversationOutputs = Strict(
  {
    desiredOutcomes: Type.Optional(
      Type.Array(Text(1000), { maxItems: 50, description: 'What the person wants to be different, in their words.' }),
    ),
    personalDevelopmentPlan: Type.Optional(
      Strict(
        {
          goals: Type.Array(Text(1000), { maxItems: 30 }),
          steps: Type.Array(
            Strict({
              step: Text(1000),
              who: Text(200, 'Who does it: the person, someone in their circle, a colleague.'),
              byWhen: Type.Optional(Day),
            }),
            { maxItems: 50 },
          ),
        },
        { description: 'Goals and the steps towards them: what, who, by when.' },
      ),
    ),
    circleOfSupport: Type.Optional(
      Strict(
        {
          members: Type.Array(
            Strict({
              name: Text(200),
              role: Type.String({ maxLength: 200, description: 'Who they are to the person: neighbour, son, chapel.' }),
              agreed: Text(1000, 'What they agreed to do.'),
            }),
            { maxItems: 50 },
          ),
          agreement: Type.String({ maxLength: 4000, description: 'What the circle agreed together.' }),
          reviewOn: Type.Optional(Day),
        },
        { description: 'The circle of support agreement: who is in it and what each agreed.' },
      ),
    ),
    riskEnablementPlan: Type.Optional(
      Strict(
        {
          risks: Type.Array(
            Strict({
              risk: Text(1000, 'The risk the person chooses to take.'),
              whatMatters: Text(1000, 'Why taking it matters to them.'),
              mitigations: Type.Array(Text(1000), {
                maxItems: 20,
                description: 'How it is made safer; at least one.',
              }),
              who: Text(200, 'Who keeps an eye on it.'),
              reviewOn: Day,
            }),
            { maxItems: 30 },
          ),
        },
        {
          description:
            'Risks taken with support rather than avoided: the risk, what matters, mitigations, who, review.',
        },
      ),
    ),
  },
  {
    $id: 'ConversationOutputs',
    title: 'ConversationOutputs',
    description:
      'Outputs of a strengths-based conversation (Appendix 2): desired outcomes and, where needed, a personal development ' +
      'plan, a circle of support agreement and a risk enablement plan. Each part is replaced whole when sent.',
  },
);

export const IntensivePlan = Strict(
  {
    startsOn: Day,
    endsOn: Day,
    whatMustChange: Type.String({
      minLength: 1,
      maxLength: 4000,
      description: 'What needs to change to make the person safe.',
    }),
    actions: Type.Array(
      Strict({
        action: Type.String({ minLength: 1, maxLength: 1000 }),
        who: Type.String({ minLength: 1, maxLength: 200 }),
        by: Type.Optional(Day),
      }),
      { maxItems: 50 },
    ),
  },
  {
    $id: 'IntensivePlan',
    title: 'IntensivePlan',
    description: 'Conversation 2: short-term by rule (at most the configured number of days).',
  },
);

export const Conversation = Strict(
  {
    id: Id,
    storyId: Id,
    kind: Type.Integer({
      minimum: 1,
      maximum: 3,
      format: 'int32',
      description: '1 connect; 2 when at risk; 3 a good life and a fair budget.',
    }),
    authorId: Id,
    status: StringEnum(['open', 'concluded'] as const),
    participants: Type.Array(ref(Participant), { maxItems: 50 }),
    whatMatters: Type.String({ maxLength: 4000 }),
    strengths: ref(Strengths),
    advocacy: Type.Union([ref(Advocacy), Type.Null()]),
    advocacyResult: Type.Union([ref(AdvocacyResult), Type.Null()], {
      description: 'What the whole advocacy test concludes on what is recorded (null until it is recorded).',
    }),
    outputs: ref(ConversationOutputs),
    notes: Type.String({ maxLength: 20000 }),
    resolved: Type.Union([Type.Boolean(), Type.Null()]),
    unresolvedReason: Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]),
    intensivePlan: Type.Union([ref(IntensivePlan), Type.Null()]),
    startedAt: Instant,
    concludedAt: Type.Union([Instant, Type.Null()]),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
  },
  { $id: 'Conversation', title: 'Conversation' },
);
export type ConversationBody = Static<typeof Conversation>;

export const ConversationChanges = Strict(
  {
    participants: Type.Optional(Type.Array(ref(Participant), { maxItems: 50 })),
    whatMatters: Type.Optional(Type.String({ maxLength: 4000 })),
    strengths: Type.Optional(ref(Strengths)),
    advocacy: Type.Optional(ref(Advocacy)),
    outputs: Type.Optional(ref(ConversationOutputs)),
    notes: Type.Optional(Type.String({ maxLength: 20000 })),
  },
  { $id: 'ConversationChanges', title: 'ConversationChanges' },
);
export type ConversationChangesBody = Static<typeof ConversationChanges>;

export const ConcludeConversation = Strict(
  {
    resolved: Type.Boolean({ description: 'Did this conversation resolve things for the person?' }),
    unresolvedReason: Type.Optional(
      Type.String({ maxLength: 4000, description: 'Required when not resolved: why, for a peer to check.' }),
    ),
  },
  { $id: 'ConcludeConversation', title: 'ConcludeConversation' },
);

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

export const conversationSchemas = [
  Strengths,
  Participant,
  Advocacy,
  AdvocacyResult,
  ConversationOutputs,
  IntensivePlan,
  Conversation,
  ConversationChanges,
  ConcludeConversation,
  StoryRequest,
  Gate,
  NewAssessmentRequest,
  AssessmentRequest,
  Story,
  NewStory,
  StartConversation,
  Touchpoint,
  NewTouchpoint,
  TouchpointLog,
  ContingencySpend,
  NewContingencySpend,
  ContingencyLedger,
  PeerStep,
  NewPeerStep,
  Urgency,
  StoryCard,
  Board,
  Colleague,
  ColleagueList,
  StoryAction,
  ...caseloadSchemas,
];
