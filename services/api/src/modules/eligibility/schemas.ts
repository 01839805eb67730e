import {
  adultOutcomes,
  adultUnableWays,
  carerOutcomes,
  carerUnableWays,
  CARER_HEALTH_NEED,
  ordinaryResidenceBases,
  wellbeingAreas,
} from '@threefold/domain';
import { Type, type Static } from 'typebox';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { StringEnum, Strict, ref } from '../../schemas/common.js';
import { Advocacy, AdvocacyResult } from '../conversations/schemas.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Day = Type.String({ format: 'date', maxLength: 10 });
const Note = Type.String({ maxLength: 2000 });
const Pence = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 100_000_000, format: 'int64', description: `${description} Integer pence.` });

export const WellbeingImpact = Strict(
  {
    significant: Type.Boolean({
      description: 'Is there, or is there likely to be, a significant impact on wellbeing as a consequence?',
    }),
    areas: Type.Array(StringEnum(wellbeingAreas), {
      maxItems: wellbeingAreas.length,
      description: 'The Care Act s1 areas of wellbeing the impact falls on.',
    }),
    note: Type.Optional(Note),
  },
  { $id: 'WellbeingImpact', title: 'WellbeingImpact' },
);

export const PeriodConsidered = Strict(
  {
    from: Day,
    to: Day,
    description: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'How the needs varied over the period ("relapses every few weeks").',
    }),
  },
  {
    $id: 'PeriodConsidered',
    title: 'PeriodConsidered',
    description: 'Regulation 4: fluctuating needs are judged over a stated period, not a good day.',
  },
);

export const AdultEligibilityInputs = Strict(
  {
    kind: StringEnum(['adult'] as const),
    needsArise: Type.Boolean({
      description: 'Regulation 2(1)(a): the needs arise from or relate to a physical or mental impairment or illness.',
    }),
    condition: Type.String({ maxLength: 2000, description: 'The impairment or illness, in words.' }),
    outcomes: Type.Array(
      Strict({
        outcome: StringEnum(adultOutcomes),
        unableWays: Type.Array(StringEnum(adultUnableWays), {
          maxItems: adultUnableWays.length,
          description: 'Regulation 2(3): how the adult is unable. Empty: able to achieve it.',
        }),
        note: Type.Optional(Note),
      }),
      {
        maxItems: adultOutcomes.length,
        description: 'The ten outcomes of regulation 2(2); unlisted ones are achieved.',
      },
    ),
    wellbeing: ref(WellbeingImpact),
    needsFluctuate: Type.Boolean(),
    periodConsidered: Type.Optional(ref(PeriodConsidered)),
  },
  { $id: 'AdultEligibilityInputs', title: 'AdultEligibilityInputs' },
);

export const CarerEligibilityInputs = Strict(
  {
    kind: StringEnum(['carer'] as const),
    needsArise: Type.Boolean({
      description: 'Regulation 3(1)(a): the needs arise as a consequence of providing necessary care for an adult.',
    }),
    condition: Type.String({ maxLength: 2000, description: 'The care the carer provides, in words.' }),
    healthDeteriorating: Type.Boolean({
      description: "Regulation 3(2)(a): the carer's physical or mental health is, or is at risk of, deteriorating.",
    }),
    outcomes: Type.Array(
      Strict({
        outcome: StringEnum(carerOutcomes),
        unableWays: Type.Array(StringEnum(carerUnableWays), {
          maxItems: carerUnableWays.length,
          description: 'Regulation 3(4): three ways; there is no "takes significantly longer" test for carers.',
        }),
        note: Type.Optional(Note),
      }),
      {
        maxItems: carerOutcomes.length,
        description: 'The eight outcomes of regulation 3(3); unlisted ones are achieved.',
      },
    ),
    wellbeing: ref(WellbeingImpact),
    needsFluctuate: Type.Boolean(),
    periodConsidered: Type.Optional(ref(PeriodConsidered)),
  },
  { $id: 'CarerEligibilityInputs', title: 'CarerEligibilityInputs' },
);

export const OrdinaryResidence = Strict(
  {
    council: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '\\S',
      description: 'The council responsible for meeting the needs ("Essex County Council").',
    }),
    basis: StringEnum(ordinaryResidenceBases, {
      description:
        'Care Act 2014: `ordinarily_resident` or `no_settled_residence` (s18(1)(a)); deemed under s39 — ' +
        '`deemed_specified_accommodation` (s39(1), SI 2014/2828), `deemed_nhs_accommodation` (s39(5)), ' +
        '`deemed_mental_health_after_care` (s39(4)); `urgent_needs_pending` (s19(3)).',
    }),
    disputed: Type.Boolean({ description: 'Another council disputes it (s40).' }),
    note: Type.String({
      maxLength: 2000,
      description: 'Which council disputes it and where the dispute stands; required when disputed.',
    }),
  },
  {
    $id: 'OrdinaryResidence',
    title: 'OrdinaryResidence',
    description: 'Ordinary residence (Care Act 2014 s13(3)(c), s18, s39): who is responsible for meeting the needs.',
  },
);

export const NewEligibilityDetermination = Strict(
  {
    conversationId: Type.String({
      format: 'uuid',
      maxLength: 36,
      description: 'The conversation 3 the determination comes from; the person is the person of its story.',
    }),
    caredForPersonId: Type.Optional(
      Type.String({ format: 'uuid', maxLength: 36, description: "For a carer's determination: the adult cared for." }),
    ),
    inputs: Type.Union([ref(AdultEligibilityInputs), ref(CarerEligibilityInputs)]),
    // The advocacy test at the determination; conversation 3's when not given.
    advocacy: Type.Optional(ref(Advocacy)),
    ordinaryResidence: Type.Optional(ref(OrdinaryResidence)),
  },
  { $id: 'NewEligibilityDetermination', title: 'NewEligibilityDetermination' },
);
export type NewEligibilityDeterminationBody = Static<typeof NewEligibilityDetermination>;

export const DerivationLine = Strict(
  {
    need: Type.String({ maxLength: 60 }),
    label: Type.String({ maxLength: 300, description: 'The need in plain words.' }),
    points: Type.Integer({ minimum: 0, maximum: 1000, format: 'int32' }),
    inTable: Type.Boolean({ description: 'False when the table has no row for this need (it then scores 0).' }),
  },
  { $id: 'DerivationLine', title: 'DerivationLine' },
);

export const IndicativeBudget = Strict(
  {
    rasVersion: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
    lines: Type.Array(ref(DerivationLine), { maxItems: 20 }),
    totalPoints: Type.Integer({ minimum: 0, maximum: 100000, format: 'int32' }),
    pencePerPoint: Pence('The rate points are turned into money at.'),
    uncappedWeeklyPence: Pence('Points × rate, before the cap.'),
    weeklyPence: Pence('The indicative weekly budget.'),
    capped: Type.Boolean(),
    explanation: Type.String({ maxLength: 500 }),
  },
  {
    $id: 'IndicativeBudget',
    title: 'IndicativeBudget',
    description: 'From the resource allocation table: a starting point for planning, never an entitlement.',
  },
);

export const EligibilityFinding = Strict(
  {
    criterion: StringEnum(['needs-arise', 'outcomes', 'wellbeing'] as const),
    met: Type.Boolean(),
    reason: Type.String({ maxLength: 2000, description: 'Why, in plain words addressed to the person.' }),
  },
  { $id: 'EligibilityFinding', title: 'EligibilityFinding' },
);

export const EligibilityDetermination = Strict(
  {
    id: Id,
    personId: Id,
    kind: StringEnum(['adult', 'carer'] as const),
    caredForPersonId: Type.Union([Id, Type.Null()]),
    storyId: Id,
    conversationId: Id,
    decidedById: Id,
    decidedByName: Type.String({ maxLength: 200 }),
    decidedAt: Instant,
    eligible: Type.Boolean(),
    summary: Type.String({ maxLength: 500 }),
    findings: Type.Array(ref(EligibilityFinding), { maxItems: 3 }),
    eligibleNeeds: Type.Array(StringEnum([...new Set([...adultOutcomes, ...carerOutcomes, CARER_HEALTH_NEED])]), {
      maxItems: 20,
      description: 'The needs the person is unable to meet; empty when not eligible.',
    }),
    periodConsidered: Type.Union([ref(PeriodConsidered), Type.Null()]),
    inputs: Type.Union([ref(AdultEligibilityInputs), ref(CarerEligibilityInputs)]),
    indicativeBudget: Type.Union([ref(IndicativeBudget), Type.Null()]),
    advocacy: Type.Union([ref(Advocacy), Type.Null()]),
    advocacyResult: Type.Union([ref(AdvocacyResult), Type.Null()]),
    ordinaryResidence: Type.Union([ref(OrdinaryResidence), Type.Null()], {
      description: 'Who is responsible for meeting the needs; null when not recorded.',
    }),
  },
  {
    $id: 'EligibilityDetermination',
    title: 'EligibilityDetermination',
    description: 'A determination under the Eligibility Criteria Regulations 2015, stored with its inputs and reasons.',
  },
);
export type EligibilityDeterminationBody = Static<typeof EligibilityDetermination>;

export const EligibilityDeterminationPage = Strict(
  { items: Type.Array(ref(EligibilityDetermination), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'EligibilityDeterminationPage', title: 'EligibilityDeterminationPage' },
);

export const ListEligibilityQuery = Strict({
  personId: Type.String({
    format: 'uuid',
    maxLength: 36,
    description: 'Determinations about this person, or about their carers.',
  }),
  ...PageQuery,
});

export const LetterQuery = Strict({
  format: Type.Optional(
    StringEnum(['html', 'pdf'] as const, { description: 'Overrides the Accept header: `html` or `pdf`.' }),
  ),
});

export const eligibilitySchemas = [
  OrdinaryResidence,
  WellbeingImpact,
  PeriodConsidered,
  AdultEligibilityInputs,
  CarerEligibilityInputs,
  NewEligibilityDetermination,
  DerivationLine,
  IndicativeBudget,
  EligibilityFinding,
  EligibilityDetermination,
  EligibilityDeterminationPage,
];
