import {
  contactMadeBy,
  decisionRoutes,
  desiredOutcomesStatuses,
  immediateSafetyValues,
  mentalCapacityValues,
  otherActionKinds,
  outcomesAchievedValues,
  riskAssessmentOutcomes,
  riskResults,
  safeguardingLocations,
  safeguardingRiskTypes,
  safeguardingSources,
} from '@threefold/domain';
import { Type, type Static } from 'typebox';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { StringEnum, Strict, SubstantialDifficulty, ref } from '../../schemas/common.js';
import { Day, Id, Instant, Nullable, Text } from './fields.js';
import { EnquiryOutcome } from './outcome-schemas.js';
import { AdultReview, AdultReviewList, NewAdultReview } from './review-schemas.js';

const RiskType = StringEnum(safeguardingRiskTypes, {
  description: 'The eleven types of risk of the Safeguarding Adults Collection.',
});

export const DecisionClock = Strict(
  {
    dueOn: Day,
    workingDaysLeft: Type.Integer({ minimum: -100000, maximum: 100000, format: 'int32' }),
    overdue: Type.Boolean(),
  },
  {
    $id: 'SafeguardingClock',
    title: 'SafeguardingClock',
    description:
      'A deadline in working days in England (bank holidays not counted): due day and whether it has passed.',
  },
);

export const OtherAction = Strict(
  {
    kind: StringEnum(otherActionKinds),
    detail: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { $id: 'SafeguardingOtherAction', title: 'SafeguardingOtherAction' },
);

export const Criteria = Strict(
  {
    hasCareAndSupportNeeds: Type.Boolean({ description: '(a) has needs for care and support' }),
    experiencingOrAtRiskOfAbuseOrNeglect: Type.Boolean({
      description: '(b) is experiencing, or is at risk of, abuse or neglect',
    }),
    unableToProtectThemselves: Type.Boolean({
      description: '(c) as a result of those needs is unable to protect themselves against it',
    }),
  },
  { $id: 'Section42Criteria', title: 'Section42Criteria', description: 'The three criteria of Care Act 2014 s42(1).' },
);

export const NewConcern = Strict(
  {
    personId: Id,
    contactId: Type.Optional(Id),
    conversationId: Type.Optional(Id),
    summary: Type.String({ minLength: 1, maxLength: 10000, description: 'What happened, as it was told.' }),
    raisedByKind: Type.Optional(StringEnum(contactMadeBy, { description: 'Who told the practice.' })),
    raisedByName: Type.Optional(Text(200, 'Their name or role, in words.')),
    immediateSafety: StringEnum(immediateSafetyValues),
    immediateSafetyNote: Type.Optional(Text(2000)),
    suspectedRiskTypes: Type.Array(RiskType, { maxItems: 11, uniqueItems: true }),
  },
  { $id: 'NewSafeguardingConcern', title: 'NewSafeguardingConcern' },
);
export type NewConcernBody = Static<typeof NewConcern>;

export const Concern = Strict(
  {
    id: Id,
    personId: Nullable(Id),
    personName: Nullable(Text(300)),
    contactId: Nullable(Id),
    conversationId: Nullable(Id),
    raisedVia: StringEnum(['contact', 'conversation', 'council_system', 'direct'] as const),
    summary: Text(10000),
    raisedByKind: Nullable(StringEnum(contactMadeBy)),
    raisedByName: Text(200),
    immediateSafety: StringEnum(immediateSafetyValues),
    immediateSafetyNote: Text(2000),
    suspectedRiskTypes: Type.Array(RiskType, { maxItems: 11 }),
    raisedAt: Instant,
    status: StringEnum(['awaiting_decision', 'enquiry', 'no_enquiry'] as const),
    decisionClock: ref(DecisionClock),
    decision: Type.Union([
      Strict({
        criteria: ref(Criteria),
        route: StringEnum(decisionRoutes),
        rationale: Text(5000),
        noEnquiryReason: Nullable(Text(5000)),
        otherActions: Type.Array(ref(OtherAction), { maxItems: 20 }),
        decidedAt: Instant,
        decidedById: Id,
        onTime: Type.Boolean(),
      }),
      Type.Null(),
    ]),
    enquiryId: Nullable(Id),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
  },
  {
    $id: 'SafeguardingConcern',
    title: 'SafeguardingConcern',
    description:
      'A safeguarding concern in full: only for the safeguarding lead and colleagues involved in its enquiry.',
  },
);
export type ConcernBody = Static<typeof Concern>;

export const ReducedView = Strict(
  {
    id: Id,
    kind: StringEnum(['concern', 'enquiry'] as const),
    personId: Nullable(Id),
    restricted: Type.Literal(true),
    message: Text(500),
    askUserId: Nullable(Id),
    askName: Text(200),
  },
  {
    $id: 'SafeguardingMatter',
    title: 'SafeguardingMatter',
    description:
      'What a colleague without a part in it sees: that a safeguarding matter exists and whom to ask. Nothing more.',
  },
);
export type ReducedViewBody = Static<typeof ReducedView>;

export const ConcernOrMatter = Type.Union([ref(Concern), ref(ReducedView)]);

export const Decision = Strict(
  {
    criteria: ref(Criteria),
    route: Type.Optional(
      StringEnum(decisionRoutes, {
        description:
          'Needed when the duty does not apply: `other_enquiry` or `no_enquiry`. All three criteria → `s42_enquiry`.',
      }),
    ),
    rationale: Type.String({ minLength: 1, maxLength: 5000, description: 'Why, in plain words.' }),
    noEnquiryReason: Type.Optional(Text(5000)),
    otherActions: Type.Optional(Type.Array(ref(OtherAction), { maxItems: 20 })),
    leadKind: Type.Optional(StringEnum(['practice', 'other_organisation'] as const)),
    leadStaffId: Type.Optional(Id),
    leadOrganisationName: Type.Optional(Text(300)),
  },
  { $id: 'SafeguardingDecision', title: 'SafeguardingDecision' },
);
export type DecisionBody = Static<typeof Decision>;

export const AdvocacyTest = Strict(
  {
    substantialDifficulty: SubstantialDifficulty,
    appropriatePersonAvailable: Type.Boolean(),
    advocateRecorded: Type.Boolean(),
  },
  {
    $id: 'SafeguardingAdvocacy',
    title: 'SafeguardingAdvocacy',
    description:
      'Care Act s68: substantial difficulty in any of the four with no appropriate person means an independent advocate.',
  },
);

export const Involvement = Strict(
  { userId: Id, name: Text(200), role: Text(200), addedAt: Instant },
  { $id: 'SafeguardingInvolvement', title: 'SafeguardingInvolvement' },
);

export const Conclusion = Strict(
  {
    riskTypes: Type.Array(Type.String({ maxLength: 60 }), {
      maxItems: 11,
      description: `Several allowed, from: ${safeguardingRiskTypes.join(', ')}.`,
    }),
    location: Type.Optional(
      Type.String({
        maxLength: 60,
        description: `One location of risk (or several in \`locations\`), from: ${safeguardingLocations.join(', ')}.`,
      }),
    ),
    locations: Type.Optional(
      Type.Array(Type.String({ maxLength: 60 }), {
        maxItems: 9,
        description: `Every location of risk the enquiry found (instead of \`location\`), from: ${safeguardingLocations.join(', ')}.`,
      }),
    ),
    source: Type.Optional(
      Type.String({
        maxLength: 60,
        description: `One source of risk (or several in \`sources\`), from: ${safeguardingSources.join(', ')}.`,
      }),
    ),
    sources: Type.Optional(
      Type.Array(Type.String({ maxLength: 60 }), {
        maxItems: 3,
        description: `Every source of risk the enquiry found (instead of \`source\`); the collection counts each. From: ${safeguardingSources.join(', ')}.`,
      }),
    ),
    riskAssessment: Type.String({ maxLength: 60, description: `One of: ${riskAssessmentOutcomes.join(', ')}.` }),
    result: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 20,
          description: `${riskResults.join(', ')}; when action was taken on an identified or possible risk.`,
        }),
      ),
    ),
    outcomesAchieved: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 20,
          description: `${outcomesAchievedValues.join(', ')}; when the person expressed desired outcomes.`,
        }),
      ),
    ),
    note: Type.Optional(Text(5000)),
  },
  {
    $id: 'SafeguardingConclusion',
    title: 'SafeguardingConclusion',
    description: 'The Safeguarding Adults Collection lists; every value is checked and each one off the list named.',
  },
);
export type ConclusionBody = Static<typeof Conclusion>;

export const EndEarly = Strict(
  { reason: Type.String({ minLength: 1, maxLength: 5000, description: 'What the person said.' }) },
  { $id: 'SafeguardingEndEarly', title: 'SafeguardingEndEarly' },
);

export const Enquiry = Strict(
  {
    id: Id,
    concernId: Id,
    personId: Nullable(Id),
    personName: Nullable(Text(300)),
    kind: StringEnum(['s42', 'other'] as const),
    leadKind: StringEnum(['practice', 'other_organisation'] as const),
    leadStaffId: Nullable(Id),
    leadStaffName: Nullable(Text(200)),
    leadOrganisationName: Nullable(Text(300)),
    desiredOutcomesStatus: Nullable(StringEnum(desiredOutcomesStatuses)),
    desiredOutcomes: Type.Array(Text(2000), { maxItems: 20 }),
    desiredOutcomesNotAskedReason: Nullable(Text(2000)),
    mentalCapacity: StringEnum(mentalCapacityValues),
    mentalCapacityNote: Text(5000),
    mentalCapacityAssessmentId: Nullable(Id),
    advocacy: Type.Union([ref(AdvocacyTest), Type.Null()]),
    advocateRequired: Type.Boolean(),
    advocateName: Text(200),
    appropriatePersonName: Text(200),
    safetyPlan: Text(10000),
    status: StringEnum(['open', 'concluded', 'ended_at_persons_request'] as const),
    openedAt: Instant,
    clock: ref(DecisionClock),
    involved: Type.Array(ref(Involvement), { maxItems: 100 }),
    conclusion: Type.Union([
      Strict({
        riskTypes: Type.Array(RiskType, { maxItems: 11 }),
        location: StringEnum(safeguardingLocations, { description: 'The first of `locations`.' }),
        locations: Type.Array(StringEnum(safeguardingLocations), { maxItems: 9 }),
        source: StringEnum(safeguardingSources, { description: 'The first of `sources`.' }),
        sources: Type.Array(StringEnum(safeguardingSources), { maxItems: 3 }),
        riskAssessment: StringEnum(riskAssessmentOutcomes),
        result: Nullable(StringEnum(riskResults)),
        outcomesAchieved: Nullable(StringEnum(outcomesAchievedValues)),
        note: Text(5000),
      }),
      Type.Null(),
    ]),
    endedEarlyReason: Nullable(Text(5000)),
    concludedAt: Nullable(Instant),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
  },
  {
    $id: 'SafeguardingEnquiry',
    title: 'SafeguardingEnquiry',
    description: 'An enquiry in full, starting with what the person wants: only for the lead and colleagues involved.',
  },
);
export type EnquiryBody = Static<typeof Enquiry>;

export const EnquiryOrMatter = Type.Union([ref(Enquiry), ref(ReducedView)]);

export const EnquiryChanges = Strict(
  {
    desiredOutcomesStatus: Type.Optional(StringEnum(desiredOutcomesStatuses)),
    desiredOutcomes: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20 })),
    desiredOutcomesNotAskedReason: Type.Optional(Nullable(Text(2000))),
    mentalCapacity: Type.Optional(StringEnum(mentalCapacityValues)),
    mentalCapacityNote: Type.Optional(Text(5000)),
    mentalCapacityAssessmentId: Type.Optional(
      Nullable({
        ...Id,
        description:
          'A capacity assessment of the same person (`/v1/capacity-assessments`) the capacity answer rests on; its outcome becomes `mentalCapacity`.',
      }),
    ),
    advocacy: Type.Optional(ref(AdvocacyTest)),
    advocateName: Type.Optional(Text(200)),
    appropriatePersonName: Type.Optional(Text(200)),
    safetyPlan: Type.Optional(Text(10000)),
    leadStaffId: Type.Optional(Nullable(Id)),
  },
  {
    $id: 'SafeguardingEnquiryChanges',
    title: 'SafeguardingEnquiryChanges',
    description: 'What the person wants (in their words), capacity, advocacy, the safety plan. Needs `If-Match`.',
  },
);
export type EnquiryChangesBody = Static<typeof EnquiryChanges>;

export const NewInvolvement = Strict(
  { userId: Id, role: Type.String({ minLength: 1, maxLength: 200 }) },
  { $id: 'NewSafeguardingInvolvement', title: 'NewSafeguardingInvolvement' },
);

export const ConcernQuery = Strict({
  status: Type.Optional(StringEnum(['awaiting_decision', 'enquiry', 'no_enquiry'] as const)),
  overdue: Type.Optional(Type.Boolean({ description: 'Only decisions past their clock.' })),
  ...PageQuery,
});

export const ConcernQueue = Strict(
  {
    items: Type.Array(ref(Concern), { maxItems: 200 }),
    overdueCount: Type.Integer({ minimum: 0, maximum: 2147483647, format: 'int32' }),
    nextCursor: NextCursor,
  },
  {
    $id: 'SafeguardingQueue',
    title: 'SafeguardingQueue',
    description: 'Concerns, those awaiting a decision oldest first so the overdue ones lead.',
  },
);

export const EnquiryQuery = Strict({
  status: Type.Optional(StringEnum(['open', 'concluded', 'ended_at_persons_request'] as const)),
  ...PageQuery,
});

export const EnquiryList = Strict(
  {
    items: Type.Array(ref(Enquiry), { maxItems: 200 }),
    nextCursor: NextCursor,
  },
  { $id: 'SafeguardingEnquiryList', title: 'SafeguardingEnquiryList' },
);

export const PersonSafeguarding = Strict(
  {
    personId: Id,
    access: StringEnum(['full', 'reduced', 'none'] as const, {
      description:
        '`full` for the lead and colleagues involved; `reduced` when a matter exists; `none` when there is none.',
    }),
    concerns: Type.Array(ref(Concern), { maxItems: 100 }),
    enquiries: Type.Array(ref(Enquiry), { maxItems: 100 }),
    matters: Type.Array(ref(ReducedView), { maxItems: 100 }),
  },
  {
    $id: 'PersonSafeguarding',
    title: 'PersonSafeguarding',
    description: 'Safeguarding on a person’s page: in full where the colleague may see it, otherwise who to ask.',
  },
);
export type PersonSafeguardingBody = Static<typeof PersonSafeguarding>;

export const safeguardingSchemas = [
  NewAdultReview,
  AdultReview,
  AdultReviewList,
  EnquiryOutcome,
  DecisionClock,
  OtherAction,
  Criteria,
  NewConcern,
  Concern,
  ReducedView,
  Decision,
  AdvocacyTest,
  Involvement,
  Conclusion,
  EndEarly,
  Enquiry,
  EnquiryChanges,
  NewInvolvement,
  ConcernQueue,
  EnquiryList,
  PersonSafeguarding,
];
