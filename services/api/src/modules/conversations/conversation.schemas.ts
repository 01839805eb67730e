import { Type, type Static } from 'typebox';
import { StringEnum, Strict, SubstantialDifficulty, ref } from '../../schemas/common.js';
import { advocacyGrounds } from '@threefold/domain';
import { Day, Id, Instant, Items } from './schema-fields.js';

/** One conversation as the API shows it: who took part, strengths, advocacy, outputs, the intensive plan. */

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
    substantialDifficulty: SubstantialDifficulty,
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
