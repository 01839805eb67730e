import { capacityDecisionAreas, capacityOutcomes } from '@threefold/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Day = Type.String({ format: 'date', maxLength: 10 });
const Text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });
const Colleague = Strict({ id: Id, name: Type.String({ maxLength: 200 }) });
const Area = StringEnum(capacityDecisionAreas, {
  description: 'What kind of decision the assessment is about; the decision itself is in `decision`.',
});
const Decision = Type.String({
  minLength: 1,
  maxLength: 500,
  pattern: '\\S',
  description:
    'The one specific decision, in words ("where to live when she leaves hospital"): capacity is decision-specific (Mental Capacity Act 2005 s2(1)).',
});

/** MCA 2005 s3(1)(a)–(d). */
const UnableTo = Strict(
  {
    understand: Type.Boolean({ description: 's3(1)(a): to understand the information relevant to the decision.' }),
    retain: Type.Boolean({ description: 's3(1)(b): to retain that information.' }),
    useOrWeigh: Type.Boolean({ description: 's3(1)(c): to use or weigh it as part of deciding.' }),
    communicate: Type.Boolean({ description: 's3(1)(d): to communicate the decision by any means.' }),
  },
  { $id: 'CapacityInabilities', description: 'Stage 2 (MCA 2005 s3(1)): for this decision, the person is unable…' },
);

const assessmentFields = {
  storyId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'The person’s story it belongs to.' })),
  enquiryId: Type.Optional(
    Type.Union([Id, Type.Null()], { description: 'The safeguarding enquiry it was made for (the same person’s).' }),
  ),
  decisionArea: Area,
  decision: Decision,
  impairment: Type.Boolean({
    description:
      'Stage 1 (s2(1)): is there an impairment of, or a disturbance in the functioning of, the mind or brain?',
  }),
  impairmentDetail: Text(2000, 'What the impairment is; required when there is one.'),
  unableTo: ref(UnableTo),
  inabilityBecauseOfImpairment: Type.Boolean({
    description: 's2(1) "because of": any inability found is caused by the impairment.',
  }),
  evidence: Text(5000, 'What the person said and did that the findings rest on.'),
  practicableSteps: Text(
    5000,
    's1(3): the practicable steps taken to help the person make the decision themselves (time of day, aids, who was there); required to find a lack of capacity.',
  ),
  outcome: StringEnum(capacityOutcomes, {
    description:
      '`lacks_capacity` only when both stages are met for this decision; otherwise the s1(2) presumption of capacity stands.',
  }),
  assessorRole: Text(200, 'The assessor’s role in words ("social worker", "with the GP").'),
  assessedOn: { ...Day, description: 'The day of the assessment: today or earlier.' },
};

export const NewCapacityAssessment = Strict(
  {
    personId: Id,
    ...assessmentFields,
    impairmentDetail: Type.Optional(assessmentFields.impairmentDetail),
    evidence: Type.Optional(assessmentFields.evidence),
    practicableSteps: Type.Optional(assessmentFields.practicableSteps),
    assessorRole: Type.Optional(assessmentFields.assessorRole),
  },
  { $id: 'NewCapacityAssessment' },
);
export type NewCapacityAssessmentBody = Static<typeof NewCapacityAssessment>;

export const CapacityAssessment = Strict(
  {
    id: Id,
    personId: Id,
    ...assessmentFields,
    storyId: Type.Union([Id, Type.Null()]),
    enquiryId: Type.Union([Id, Type.Null()]),
    assessedBy: Colleague,
    recordedAt: Instant,
    bestInterestsDecisionIds: Type.Array(Id, { maxItems: 100 }),
  },
  { $id: 'CapacityAssessment' },
);
export type CapacityAssessmentView = Static<typeof CapacityAssessment>;

const Consulted = Strict(
  {
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    relationship: Text(200, '"daughter", "GP", "independent advocate"'),
    views: Text(2000, 'What they said.'),
  },
  { $id: 'BestInterestsConsultee' },
);

const decisionFields = {
  decidedOn: { ...Day, description: 'The day it was made: today or earlier, not before the assessment.' },
  wishesAndFeelings: Text(5000, 's4(6)(a): the person’s past and present wishes and feelings.'),
  beliefsAndValues: Text(5000, 's4(6)(b): the beliefs and values that would be likely to influence them.'),
  consulted: Type.Array(ref(Consulted), { maxItems: 50, description: 's4(7): whose views were taken.' }),
  notConsultedReason: Text(2000, 'Why no one could be consulted, when no one was.'),
  lessRestrictiveOptions: Type.Array(Type.String({ maxLength: 2000 }), {
    maxItems: 50,
    description: 's1(6): the less restrictive options considered, and why they were or were not chosen.',
  }),
  outcome: Type.String({ minLength: 1, maxLength: 5000, description: 'What was decided in their best interests.' }),
};

export const NewBestInterestsDecision = Strict(
  {
    capacityAssessmentId: {
      ...Id,
      description: 'The assessment that found the person lacks capacity for this decision.',
    },
    ...decisionFields,
    wishesAndFeelings: Type.Optional(decisionFields.wishesAndFeelings),
    beliefsAndValues: Type.Optional(decisionFields.beliefsAndValues),
    consulted: Type.Optional(decisionFields.consulted),
    notConsultedReason: Type.Optional(decisionFields.notConsultedReason),
  },
  { $id: 'NewBestInterestsDecision' },
);
export type NewBestInterestsDecisionBody = Static<typeof NewBestInterestsDecision>;

export const BestInterestsDecision = Strict(
  {
    id: Id,
    personId: Id,
    capacityAssessmentId: Id,
    storyId: Type.Union([Id, Type.Null()]),
    enquiryId: Type.Union([Id, Type.Null()]),
    decisionArea: Area,
    decision: Type.String({ maxLength: 500 }),
    ...decisionFields,
    decidedBy: Colleague,
    recordedAt: Instant,
  },
  { $id: 'BestInterestsDecision' },
);
export type BestInterestsDecisionView = Static<typeof BestInterestsDecision>;

export const CapacityRecord = Strict(
  {
    assessments: Type.Array(ref(CapacityAssessment), { maxItems: 500 }),
    bestInterestsDecisions: Type.Array(ref(BestInterestsDecision), { maxItems: 500 }),
  },
  { $id: 'CapacityRecord' },
);

export const capacitySchemas: TSchema[] = [
  UnableTo,
  NewCapacityAssessment,
  CapacityAssessment,
  Consulted,
  NewBestInterestsDecision,
  BestInterestsDecision,
  CapacityRecord,
];
