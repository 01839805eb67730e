import { Type, type Static } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Version = Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' });
const Pence = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 100_000_000, format: 'int64', description: `${description} Integer pence.` });

export const RasRow = Strict(
  {
    kind: StringEnum(['adult', 'carer'] as const),
    need: Type.String({
      minLength: 1,
      maxLength: 60,
      pattern: '^[a-z-]+$',
      description:
        'An outcome of the regulations for that kind (`nutrition`, `toilet-needs`…) or, for carers, `health-deteriorating`.',
    }),
    points: Type.Integer({ minimum: 0, maximum: 1000, format: 'int32' }),
  },
  { $id: 'RasRow', title: 'RasRow' },
);

const rasFields = {
  rows: Type.Array(ref(RasRow), { maxItems: 40 }),
  pencePerPoint: Pence('Indicative weekly budget = points × this.'),
  maximumWeeklyPence: Type.Union([Pence('Indicative budgets above this are capped.'), Type.Null()]),
  note: Type.String({ maxLength: 2000, description: 'Why this version: the council agreement it follows.' }),
};

export const RasTable = Strict(
  {
    id: Id,
    version: Version,
    ...rasFields,
    createdById: Type.Union([Id, Type.Null()]),
    createdAt: Instant,
  },
  {
    $id: 'RasTable',
    title: 'RasTable',
    description:
      'The resource allocation table: needs → points → an indicative weekly budget. Each change is a new version.',
  },
);
export type RasTableBody = Static<typeof RasTable>;

export const RasTableChanges = Strict(rasFields, { $id: 'RasTableChanges', title: 'RasTableChanges' });
export type RasTableChangesBody = Static<typeof RasTableChanges>;

export const RasVersionParams = Strict({ version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }) });

const unitCostFields = {
  name: Type.String({ minLength: 1, maxLength: 200, description: '"Home care, one hour", "Day opportunity".' }),
  unit: StringEnum(['hour', 'day', 'session', 'night', 'week', 'item'] as const),
  costPence: Pence('The cost of one unit.'),
  notes: Type.String({ maxLength: 2000 }),
};

export const UnitCost = Strict(
  {
    id: Id,
    ...unitCostFields,
    retiredAt: Type.Union([Instant, Type.Null()]),
    version: Version,
    updatedAt: Instant,
  },
  { $id: 'UnitCost', title: 'UnitCost', description: 'A reference unit cost for support plan lines.' },
);
export type UnitCostBody = Static<typeof UnitCost>;

export const UnitCostChanges = Strict(unitCostFields, { $id: 'UnitCostChanges', title: 'UnitCostChanges' });
export type UnitCostChangesBody = Static<typeof UnitCostChanges>;

export const UnitCostList = Strict(
  { items: Type.Array(ref(UnitCost), { maxItems: 500 }) },
  { $id: 'UnitCostList', title: 'UnitCostList' },
);

export const UnitCostQuery = Strict({
  includeRetired: Type.Optional(Type.Boolean({ description: 'Also list retired costs.' })),
});

const practiceFields = {
  name: Type.String({ minLength: 1, maxLength: 200, description: 'As the practice signs its letters.' }),
  addressLines: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
    maxItems: 6,
    description: 'The postal address, one line each, without the postcode.',
  }),
  postcode: Type.String({ maxLength: 10 }),
  phone: Type.String({ maxLength: 40 }),
  email: Type.String({ maxLength: 254 }),
  website: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
};

export const PracticeDetailsChanges = Strict(practiceFields, {
  $id: 'PracticeDetailsChanges',
  title: 'PracticeDetailsChanges',
});
export type PracticeDetailsChangesBody = Static<typeof PracticeDetailsChanges>;

export const PracticeDetails = Strict(
  { ...practiceFields, version: Version, updatedAt: Instant, updatedById: Type.Union([Id, Type.Null()]) },
  {
    $id: 'PracticeDetails',
    title: 'PracticeDetails',
    description: 'The practice as it signs every written record given to a person: name, address and contact.',
  },
);
export type PracticeDetailsBody = Static<typeof PracticeDetails>;

export const referenceSchemas = [
  RasRow,
  RasTable,
  RasTableChanges,
  UnitCost,
  UnitCostChanges,
  UnitCostList,
  PracticeDetailsChanges,
  PracticeDetails,
];
