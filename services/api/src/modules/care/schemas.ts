import { careServiceEndReasons, careServiceParts, carerSupportKinds, suspensionReasons } from '@threefold/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Day = Type.String({ format: 'date', maxLength: 10 });
const Pence = Type.Integer({
  format: 'int32',
  minimum: 0,
  maximum: 100_000_000,
  description: 'Whole pence, not negative.',
});
const BigPence = Type.Integer({ format: 'int64', minimum: 0, maximum: 9_007_199_254_740_991 });
const Text = (max: number, description?: string) =>
  Type.String({ maxLength: max, ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

// ——— Providers ———

const CqcLocationId = Type.String({
  pattern: '^1-[0-9]{1,11}$',
  maxLength: 13,
  description: 'The Care Quality Commission location id: "1-" and digits, e.g. 1-123456789.',
});

const providerFields = {
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  cqcLocationId: Type.Optional(Nullable(CqcLocationId)),
  address: Type.Optional(Text(500)),
  postcode: Type.Optional(Nullable(Text(10))),
  phone: Type.Optional(Nullable(Text(40))),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
  servicesOffered: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
      maxItems: 50,
      description: 'The services it offers, in plain words (e.g. "Home care", "Day centre").',
    }),
  ),
  directoryOrganisationId: Type.Optional(
    Nullable({ ...Id, description: 'The same organisation in the community directory, where it is there.' }),
  ),
};

export const NewProvider = Strict(providerFields, { $id: 'NewProvider' });
export type NewProviderBody = Static<typeof NewProvider>;

export const ProviderChange = Strict(
  { ...providerFields, name: Type.Optional(providerFields.name) },
  { $id: 'ProviderChange', minProperties: 1 },
);
export type ProviderChangeBody = Static<typeof ProviderChange>;

export const ProviderSuspension = Strict(
  { reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }) },
  { $id: 'ProviderSuspension' },
);

export const Provider = Strict(
  {
    id: Id,
    name: Text(200),
    cqcLocationId: Nullable(Text(13)),
    address: Text(500),
    postcode: Nullable(Text(10)),
    phone: Nullable(Text(40)),
    email: Nullable(Text(200)),
    servicesOffered: Type.Array(Text(200), { maxItems: 50 }),
    directoryOrganisationId: Nullable(Id),
    status: StringEnum(['active', 'suspended'] as const, {
      description: 'A suspended provider takes no new services; its services carry on until ended.',
    }),
    suspendedReason: Nullable(Text(1000)),
    suspendedAt: Nullable(Instant),
    createdAt: Instant,
    updatedAt: Instant,
    version: Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647 }),
  },
  { $id: 'Provider' },
);
export type ProviderView = Static<typeof Provider>;

export const ProviderQuery = Strict({
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name, or a CQC location id.' }),
  ),
  status: Type.Optional(StringEnum(['active', 'suspended'] as const)),
  limit: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ format: 'int32', minimum: 0, maximum: 100_000, default: 0 })),
});

export const ProviderPage = Strict(
  {
    items: Type.Array(ref(Provider), { maxItems: 200 }),
    total: Type.Integer({ format: 'int32', minimum: 0, maximum: 10_000_000 }),
  },
  { $id: 'ProviderPage' },
);

// ——— Services ———

const Part = StringEnum(careServiceParts, {
  description:
    'The part of the budget it delivers: a direct payment, council-managed support, an individual service fund.',
});
const EndReason = StringEnum(careServiceEndReasons, {
  description:
    'Why it ended. Each maps to a Client Level Data (release 2) Event_Outcome: see `endReasonCld` on the service.',
});

const CarerSupport = StringEnum(carerSupportKinds, {
  description:
    'Only under a carer’s own budget (from a carer’s eligibility determination): support direct to the carer (the default) ' +
    'or provided to the person they care for. 400 `carer_support_not_carer_budget` under anyone else’s budget.',
});

export const NewCareService = Strict(
  {
    budgetId: { ...Id, description: 'A signed-off personal budget.' },
    part: Part,
    planLine: Type.Optional(
      Nullable(
        Type.Integer({
          format: 'int32',
          minimum: 0,
          maximum: 199,
          description: 'The plan line it delivers (its position in the plan, from 0); leave out for the whole part.',
        }),
      ),
    ),
    what: Type.Optional(Text(500, 'What it is; defaults to the plan line’s words.')),
    providerId: Type.Optional(
      Nullable({ ...Id, description: 'Who delivers it; required except for a direct payment (the person).' }),
    ),
    weeklyPence: { ...Pence, description: 'The weekly cost in whole pence.' },
    startOn: { ...Day, description: 'The first day it is delivered.' },
    replacesId: Type.Optional({
      ...Id,
      description:
        'A change of plan: the service this one replaces, which ends the day before this one starts (reason `replaced_by_new_plan`).',
    }),
    carerSupport: Type.Optional(CarerSupport),
  },
  { $id: 'NewCareService' },
);
export type NewCareServiceBody = Static<typeof NewCareService>;

export const CareServiceSuspend = Strict(
  {
    from: { ...Day, description: 'The first day it is not delivered.' },
    reason: StringEnum(suspensionReasons),
    note: Type.Optional(Text(1000)),
  },
  { $id: 'CareServiceSuspend' },
);
export type CareServiceSuspendBody = Static<typeof CareServiceSuspend>;

export const CareServiceResume = Strict(
  { on: { ...Day, description: 'The first day it is delivered again.' } },
  { $id: 'CareServiceResume' },
);

export const CareServiceEnd = Strict(
  {
    on: { ...Day, description: 'The last day it is delivered.' },
    reason: EndReason,
    note: Type.Optional(Text(1000)),
  },
  { $id: 'CareServiceEnd' },
);
export type CareServiceEndBody = Static<typeof CareServiceEnd>;

export const CareServiceSuspension = Strict(
  { from: Day, to: Nullable(Day), reason: StringEnum(suspensionReasons), note: Text(1000) },
  { $id: 'CareServiceSuspension' },
);

export const CareService = Strict(
  {
    id: Id,
    budgetId: Id,
    personId: Id,
    part: Part,
    planLine: Nullable(Type.Integer({ format: 'int32', minimum: 0, maximum: 199 })),
    what: Text(500),
    provider: Nullable(Strict({ id: Id, name: Text(200), cqcLocationId: Nullable(Text(13)) })),
    weeklyPence: Pence,
    fourWeeklyPence: BigPence,
    annualPence: BigPence,
    startOn: Day,
    endOn: Nullable(Day),
    plannedEndOn: Nullable({
      ...Day,
      description: 'The day it is planned to end (not an ending: it is live until ended).',
    }),
    unitCostPence: Nullable({
      ...Pence,
      description: 'The cost of one unit (an hour, a visit), when costed by units.',
    }),
    unitsPerWeek: Nullable(
      Type.Number({ minimum: 0, maximum: 999999.75, description: 'Units (hours, visits) a week, in quarter steps.' }),
    ),
    importedFrom: Nullable(Text(200, 'The council system the live service was imported from (null: started here).')),
    endReason: Nullable(EndReason),
    endReasonCld: Nullable(Text(100, 'The Client Level Data release 2 Event_Outcome the end reason reports as.')),
    endNote: Nullable(Text(1000)),
    status: StringEnum(['planned', 'live', 'suspended', 'ended'] as const, { description: 'As of today.' }),
    suspensions: Type.Array(ref(CareServiceSuspension), { maxItems: 1000 }),
    replacesId: Nullable(Id),
    carerSupport: Nullable(CarerSupport),
    caredForPersonId: Nullable({ ...Id, description: 'Under a carer’s budget: the adult they care for.' }),
    providedAsCaredFor: Type.Boolean({
      description:
        'True when listed on the cared-for person’s record: a service provided to them under their carer’s budget ' +
        '(`personId` is the carer).',
    }),
    createdAt: Instant,
    version: Type.Integer({ format: 'int32', minimum: 1, maximum: 2_147_483_647 }),
  },
  { $id: 'CareService' },
);
export type CareServiceView = Static<typeof CareService>;

export const CareServiceQuery = Strict({
  personId: Type.Optional(Id),
  budgetId: Type.Optional(Id),
});

export const CareServiceList = Strict(
  {
    items: Type.Array(ref(CareService), { maxItems: 500 }),
    weeklyTotalPence: { ...BigPence, description: 'The weekly total of the services live today.' },
  },
  { $id: 'CareServiceList' },
);

// ——— Money ———

export const NewFinancialAssessment = Strict(
  {
    weeklyContributionPence: { ...Pence, description: 'The person’s assessed weekly contribution, whole pence.' },
    effectiveFrom: { ...Day, description: 'From when; it holds until a later assessment takes effect.' },
    reference: Type.Optional(Text(100, 'The charging system’s own reference for the assessment.')),
  },
  { $id: 'NewFinancialAssessment' },
);
export type NewFinancialAssessmentBody = Static<typeof NewFinancialAssessment>;

export const FinancialAssessment = Strict(
  {
    id: Id,
    personId: Id,
    weeklyContributionPence: Pence,
    effectiveFrom: Day,
    reference: Nullable(Text(100)),
    receivedAt: Instant,
  },
  { $id: 'FinancialAssessment' },
);

export const StatementQuery = Strict({
  from: { ...Day, description: 'The first day of the period.' },
  to: { ...Day, description: 'The last day of the period (at most five years after `from`).' },
});

export const StatementPrintQuery = Strict({
  ...StatementQuery.properties,
  format: Type.Optional(
    StringEnum(['html', 'pdf'] as const, { description: 'Overrides the Accept header: `html` or `pdf`.' }),
  ),
});

const Figures = Strict({ weeklyPence: BigPence, fourWeeklyPence: BigPence, annualPence: BigPence });

export const BudgetPeriodStatement = Strict(
  {
    budgetId: Id,
    personId: Id,
    from: Day,
    to: Day,
    days: Type.Integer({ format: 'int32', minimum: 1, maximum: 2000 }),
    totalPence: { ...BigPence, description: 'What the services cost over the period (accrued day by day).' },
    personPence: {
      ...BigPence,
      description: 'The person’s assessed contribution over the period (never above the total).',
    },
    councilPence: { ...BigPence, description: 'The council’s part: the total less the person’s.' },
    asAt: Strict(
      {
        on: Day,
        services: Figures,
        personContribution: Figures,
      },
      { description: 'The rates on the period’s last day: live services and the person’s weekly contribution.' },
    ),
    services: Type.Array(
      Strict({
        id: Id,
        what: Text(500),
        part: Part,
        providerName: Nullable(Text(200)),
        weeklyPence: Pence,
        costPence: BigPence,
      }),
      { maxItems: 500 },
    ),
  },
  { $id: 'BudgetPeriodStatement' },
);
export type BudgetStatementView = Static<typeof BudgetPeriodStatement>;

// ——— Direct payments ———

const Holder = StringEnum(['person', 'nominated_person', 'suitable_person'] as const, {
  description:
    'Who holds the direct payment: the person (Care Act 2014 s31), a person they nominate, or a suitable person for someone ' +
    'who lacks capacity to request it (s32).',
});
const Frequency = StringEnum(['weekly', 'four_weekly', 'monthly'] as const);

export const NewDirectPaymentAgreement = Strict(
  {
    holder: Holder,
    holderName: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '\\S',
        description: 'Required unless the person holds it.',
      }),
    ),
    startOn: Day,
    paymentFrequency: Frequency,
    monitoringReviewOn: Type.Optional({
      ...Day,
      description: 'The first monitoring review; defaults to the end of the 6–8 week window after the start.',
    }),
  },
  { $id: 'NewDirectPaymentAgreement' },
);
export type NewDirectPaymentAgreementBody = Static<typeof NewDirectPaymentAgreement>;

export const DirectPaymentAgreement = Strict(
  {
    id: Id,
    budgetId: Id,
    personId: Id,
    holder: Holder,
    holderName: Nullable(Text(200)),
    startOn: Day,
    paymentFrequency: Frequency,
    monitoringReviewOn: Day,
    reviewId: Nullable(Id),
    createdAt: Instant,
  },
  { $id: 'DirectPaymentAgreement' },
);
export type DirectPaymentAgreementView = Static<typeof DirectPaymentAgreement>;

// ——— The end of support ———

export const NewEndOfSupport = Strict(
  {
    reason: StringEnum(['deceased', 'moved_away'] as const),
    on: { ...Day, description: 'The day the person died or moved away: the last day of their services.' },
    note: Type.Optional(Text(1000)),
  },
  { $id: 'NewEndOfSupport' },
);
export type NewEndOfSupportBody = Static<typeof NewEndOfSupport>;

export const EndOfSupport = Strict(
  {
    id: Id,
    personId: Id,
    reason: StringEnum(['deceased', 'moved_away'] as const),
    on: Day,
    storiesClosed: Type.Array(Id, { maxItems: 1000 }),
    servicesEnded: Type.Array(Id, { maxItems: 1000 }),
    reviewsCancelled: Type.Array(Id, { maxItems: 1000 }),
    tasksCancelled: Type.Array(Id, { maxItems: 10000 }),
    partnersNotified: Type.Array(Id, {
      maxItems: 10000,
      description: 'Partner organisations that received the person through a connection, each sent the event.',
    }),
  },
  { $id: 'EndOfSupport' },
);
export type EndOfSupportView = Static<typeof EndOfSupport>;

export const careSchemas: TSchema[] = [
  NewEndOfSupport,
  EndOfSupport,
  NewDirectPaymentAgreement,
  DirectPaymentAgreement,
  NewProvider,
  ProviderChange,
  ProviderSuspension,
  Provider,
  ProviderPage,
  NewCareService,
  CareServiceSuspend,
  CareServiceResume,
  CareServiceEnd,
  CareServiceSuspension,
  CareService,
  CareServiceList,
  NewFinancialAssessment,
  FinancialAssessment,
  BudgetPeriodStatement,
];
