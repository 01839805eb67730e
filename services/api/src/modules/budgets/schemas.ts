import {
  fundingKinds,
  managementMethods,
  planLineFrequencies,
  planLineProviders,
  reviewOutcomes,
  roles,
  unplannedReviewReasons,
} from '@threefold/domain';
import { Type, type Static } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';
import { Advocacy, AdvocacyResult } from '../conversations/schemas.js';
import { NextCursor } from '../../platform/pagination.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Day = Type.String({ format: 'date', maxLength: 10 });
const Version = Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' });
/** The most a weekly figure may be: £100,000 a week, so 52 weeks of it still fits a 32-bit integer. */
export const MAX_WEEKLY_PENCE = 10_000_000;
const WeeklyPence = Type.Integer({
  minimum: 0,
  maximum: MAX_WEEKLY_PENCE,
  format: 'int32',
  description: 'Pence a week.',
});
const AnyPence = Type.Integer({ minimum: 0, maximum: 1_000_000_000, format: 'int32' });
const Rules = Type.Array(Strict({ code: Type.String({ maxLength: 60 }), detail: Type.String({ maxLength: 500 }) }), {
  maxItems: 20,
});

export const PlanLineInput = Strict(
  {
    what: Type.String({ minLength: 1, maxLength: 300, description: 'What the support is, in the person’s words.' }),
    provider: StringEnum(planLineProviders, {
      description: 'Who provides it: an organisation, a personal assistant, family, or the community.',
    }),
    providerName: Type.Optional(Type.String({ maxLength: 200 })),
    paid: Type.Boolean({ description: 'Unpaid support costs £0 but is listed and counted.' }),
    unitCostPence: Type.Integer({ minimum: 0, maximum: MAX_WEEKLY_PENCE, format: 'int32' }),
    unitCostId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'The reference unit cost it came from.' })),
    unit: Type.Optional(Type.String({ maxLength: 40, description: 'hour, day, session, night…' })),
    unitsPerWeek: Type.Number({ minimum: 0, maximum: 1000, multipleOf: 0.25, description: 'Quarter-unit steps.' }),
    frequency: StringEnum(planLineFrequencies, {
      description: 'The units happen every week, every other week, or one week in four.',
    }),
  },
  { $id: 'PlanLineInput', title: 'PlanLineInput' },
);

export const PlanLine = Strict(
  {
    what: Type.String({ maxLength: 300 }),
    provider: StringEnum(planLineProviders),
    providerName: Type.String({ maxLength: 200 }),
    paid: Type.Boolean(),
    unitCostPence: AnyPence,
    unitCostId: Type.Union([Id, Type.Null()]),
    unit: Type.String({ maxLength: 40 }),
    unitsPerWeek: Type.Number({ minimum: 0, maximum: 1000 }),
    frequency: StringEnum(planLineFrequencies),
    weeklyPence: AnyPence,
  },
  {
    $id: 'PlanLine',
    title: 'PlanLine',
    description: 'A support plan line with its weekly cost (rounded once, half up).',
  },
);

export const FundingSource = Strict(
  {
    kind: StringEnum(fundingKinds, {
      description: 'The council, the NHS, the person’s assessed contribution, or other public money (shown apart).',
    }),
    weeklyPence: WeeklyPence,
    description: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { $id: 'FundingSource', title: 'FundingSource' },
);

const SingleMethod = StringEnum(['direct_payment', 'council_managed', 'individual_service_fund'] as const);

export const BudgetManagement = Strict(
  {
    method: StringEnum(managementMethods),
    directPayment: Type.Optional(
      Type.Union([
        Strict({
          section: StringEnum(['s31', 's32'] as const, {
            description: 's31: the person asks and has capacity; s32: an authorised person receives it for them.',
          }),
          authorisedPerson: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
          conditions: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 30 }),
        }),
        Type.Null(),
      ]),
    ),
    parts: Type.Optional(
      Type.Array(Strict({ method: SingleMethod, weeklyPence: WeeklyPence }), {
        maxItems: 3,
        description: 'For a mix: how much of the weekly total each way manages.',
      }),
    ),
  },
  { $id: 'BudgetManagement', title: 'BudgetManagement' },
);

const Period = Strict({ weeklyPence: AnyPence, fourWeeklyPence: AnyPence, annualPence: AnyPence });

export const BudgetStatement = Strict(
  {
    total: Period,
    personContribution: Period,
    council: Period,
    nhs: Period,
    otherPublic: Period,
    balanced: Type.Boolean({ description: 'The four parts add up to the total.' }),
  },
  {
    $id: 'BudgetStatement',
    title: 'BudgetStatement',
    description:
      'The personal budget statement (Care Act s26). Annual = 52 × weekly; four-weekly = 4 × weekly; exact in pence.',
  },
);

export const PersonalBudget = Strict(
  {
    id: Id,
    personId: Id,
    personName: Type.String({ maxLength: 300 }),
    storyId: Id,
    teamId: Type.Union([Id, Type.Null()]),
    conversationId: Id,
    determinationId: Type.Union([Id, Type.Null()], {
      description: 'Null for a budget imported from the council (agreed under its own determination).',
    }),
    importedFrom: Type.Union([Type.String({ maxLength: 200 }), Type.Null()], {
      description:
        'The council system a live budget was imported from: agreed by the council on `liveOn`, not signed off here.',
    }),
    status: StringEnum(['draft', 'awaiting_panel', 'signed_off'] as const),
    indicativeWeeklyPence: AnyPence,
    goodLife: Type.String({ maxLength: 4000 }),
    planLines: Type.Array(ref(PlanLine), { maxItems: 100 }),
    fundingSources: Type.Array(ref(FundingSource), { maxItems: 20 }),
    management: Type.Union([ref(BudgetManagement), Type.Null()]),
    totals: Strict({
      weeklyPence: AnyPence,
      fourWeeklyPence: AnyPence,
      annualPence: AnyPence,
      paidLines: Type.Integer({ minimum: 0, maximum: 100, format: 'int32' }),
      unpaidLines: Type.Integer({ minimum: 0, maximum: 100, format: 'int32' }),
      differenceFromIndicativePence: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000, format: 'int32' }),
    }),
    statement: ref(BudgetStatement),
    advocacy: Type.Union([ref(Advocacy), Type.Null()], {
      description: 'The advocacy test for preparing the plan (Care Act s67(3)(c); reg 4 cases).',
    }),
    advocacyResult: Type.Union([ref(AdvocacyResult), Type.Null()]),
    readyToSignOff: Type.Boolean(),
    notReadyBecause: Rules,
    referredAt: Type.Union([Instant, Type.Null()]),
    panel: Type.Union([
      Strict({
        decision: StringEnum(['approved', 'returned'] as const),
        note: Type.String({ maxLength: 4000 }),
        decidedAt: Instant,
      }),
      Type.Null(),
    ]),
    signedOffAt: Type.Union([Instant, Type.Null()]),
    signedOffById: Type.Union([Id, Type.Null()]),
    agreedWeeklyPence: Type.Union([AnyPence, Type.Null()]),
    liveOn: Type.Union([Day, Type.Null()]),
    nextReview: Type.Union([
      Strict({ id: Id, kind: StringEnum(['first', 'planned', 'unplanned'] as const), dueFrom: Day, dueBy: Day }),
      Type.Null(),
    ]),
    createdAt: Instant,
    version: Version,
  },
  {
    $id: 'PersonalBudget',
    title: 'PersonalBudget',
    description:
      'A personal budget and support plan, with live totals, the s26 statement and what still blocks sign-off.',
  },
);
export type PersonalBudgetBody = Static<typeof PersonalBudget>;

export const NewPersonalBudget = Strict(
  {
    conversationId: Type.String({ format: 'uuid', maxLength: 36, description: 'Must be conversation 3.' }),
    determinationId: Type.String({
      format: 'uuid',
      maxLength: 36,
      description: 'The eligibility determination whose indicative figure the budget starts from.',
    }),
  },
  { $id: 'NewPersonalBudget', title: 'NewPersonalBudget' },
);

export const PersonalBudgetChanges = Strict(
  {
    goodLife: Type.Optional(
      Type.String({ maxLength: 4000, description: 'What a good life looks like, in the person’s words.' }),
    ),
    planLines: Type.Optional(Type.Array(ref(PlanLineInput), { maxItems: 100 })),
    fundingSources: Type.Optional(Type.Array(ref(FundingSource), { maxItems: 20 })),
    management: Type.Optional(Type.Union([ref(BudgetManagement), Type.Null()])),
    // The whole advocacy test for the plan: a required advocate missing blocks sign-off (`advocate_required`).
    advocacy: Type.Optional(ref(Advocacy)),
  },
  {
    $id: 'PersonalBudgetChanges',
    title: 'PersonalBudgetChanges',
    description: 'Replace any of the plan lines, funding sources and management (each given in full). Needs If-Match.',
  },
);

export const PanelDecision = Strict(
  {
    decision: StringEnum(['approved', 'returned'] as const, {
      description: 'approved: the budget is signed off by the panel; returned: back to the practice to revise.',
    }),
    note: Type.String({ maxLength: 4000 }),
  },
  { $id: 'PanelDecision', title: 'PanelDecision' },
);

export const PersonalBudgetPage = Strict(
  { items: Type.Array(ref(PersonalBudget), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'PersonalBudgetPage', title: 'PersonalBudgetPage' },
);

export const DelegatedLimits = Strict(
  {
    limits: Type.Array(Strict({ role: StringEnum(roles), weeklyLimitPence: WeeklyPence }), { maxItems: 10 }),
  },
  {
    $id: 'DelegatedLimits',
    title: 'DelegatedLimits',
    description:
      'Weekly sign-off limits delegated to each role. A colleague’s own limit (on their account) takes precedence; a role not ' +
      'listed has no limit delegated, so its budgets go to the council’s panel.',
  },
);

export const SignOffLimit = Strict(
  {
    weeklyLimitPence: Type.Union([WeeklyPence, Type.Null()], {
      description: 'The most a week the caller may sign off; null when nothing is delegated to them.',
    }),
    from: StringEnum(['own', 'role', 'none'] as const, {
      description: '`own`: set on their account; `role`: the highest of their roles’ limits; `none`: no limit.',
    }),
  },
  {
    $id: 'SignOffLimit',
    title: 'SignOffLimit',
    description:
      'What the caller may sign off themselves, so the console can say before the click when a budget will go to the council’s panel.',
  },
);

export const Review = Strict(
  {
    id: Id,
    budgetId: Id,
    personId: Id,
    personName: Type.String({ maxLength: 300 }),
    teamId: Type.Union([Id, Type.Null()]),
    kind: StringEnum(['first', 'planned', 'unplanned'] as const),
    reason: Type.Union([StringEnum(unplannedReviewReasons), Type.Null()]),
    requestNote: Type.String({ maxLength: 4000 }),
    dueFrom: Day,
    dueBy: Day,
    status: StringEnum(['open', 'completed', 'cancelled'] as const, {
      description: '`cancelled`: the person died or moved away before it was done (the end of support).',
    }),
    timing: Type.Union([StringEnum(['upcoming', 'due', 'overdue'] as const), Type.Null()], {
      description: 'For an open review, where it stands today (or on `asOf`).',
    }),
    outcome: Type.Union([StringEnum(reviewOutcomes), Type.Null()]),
    notes: Type.String({ maxLength: 8000 }),
    weeklyBeforePence: Type.Union([AnyPence, Type.Null()]),
    weeklyAfterPence: Type.Union([AnyPence, Type.Null()]),
    completedOn: Type.Union([Day, Type.Null()]),
    completedById: Type.Union([Id, Type.Null()]),
    nextReviewId: Type.Union([Id, Type.Null()]),
    advocacy: Type.Union([ref(Advocacy), Type.Null()], {
      description: 'The advocacy test recorded at the review (Care Act s67(3)(e); reg 4 cases).',
    }),
    advocacyResult: Type.Union([ref(AdvocacyResult), Type.Null()]),
    version: Version,
  },
  { $id: 'Review', title: 'Review', description: 'A review of a support plan (Care Act s27).' },
);
export type ReviewBody = Static<typeof Review>;

export const ReviewPage = Strict(
  { items: Type.Array(ref(Review), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'ReviewPage', title: 'ReviewPage' },
);

export const NewUnplannedReview = Strict(
  {
    budgetId: Id,
    reason: StringEnum(unplannedReviewReasons, { description: 'The significant event, after the national SALT list.' }),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { $id: 'NewUnplannedReview', title: 'NewUnplannedReview' },
);

export const CompleteReview = Strict(
  {
    outcome: StringEnum(reviewOutcomes, { description: 'Were the outcomes in the plan fully, partially or not met?' }),
    notes: Type.String({ maxLength: 8000 }),
    weeklyPence: Type.Integer({
      minimum: 0,
      maximum: MAX_WEEKLY_PENCE,
      format: 'int32',
      description: 'The weekly budget after the review: the same or more, never less (`review_cannot_lower_budget`).',
    }),
    nextReviewOn: Type.String({ format: 'date', maxLength: 10, description: 'At most 12 months after today.' }),
    // The advocacy test for revising the plan (s67(3)(e), reg 4): a required advocate missing is `409 advocate_required`.
    advocacy: Type.Optional(ref(Advocacy)),
  },
  { $id: 'CompleteReview', title: 'CompleteReview' },
);

export const ReviewListQuery = Strict({
  teamId: Type.Optional(Id),
  budgetId: Type.Optional(Id),
  status: Type.Optional(
    StringEnum(['open', 'due', 'overdue', 'completed'] as const, {
      description: 'due: in its window; overdue: past it; open: every open review.',
    }),
  ),
  asOf: Type.Optional(
    Type.String({ format: 'date', maxLength: 10, description: 'Judge due and overdue as on this date.' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, format: 'int32' })),
  cursor: Type.Optional(Type.String({ maxLength: 500, pattern: '^[A-Za-z0-9_-]+$' })),
});

export const budgetSchemas = [
  PlanLineInput,
  PlanLine,
  FundingSource,
  BudgetManagement,
  BudgetStatement,
  PersonalBudget,
  NewPersonalBudget,
  PersonalBudgetChanges,
  PanelDecision,
  PersonalBudgetPage,
  DelegatedLimits,
  SignOffLimit,
  Review,
  ReviewPage,
  NewUnplannedReview,
  CompleteReview,
];
