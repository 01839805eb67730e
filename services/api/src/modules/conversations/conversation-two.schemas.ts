import { Type } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';
import { Day, Id, Instant } from './schema-fields.js';

// Conversation 2: touchpoints and the contingency money.

export const Touchpoint = Strict(
  {
    id: Id,
    at: Instant,
    byId: Type.Union([Id, Type.Null()]),
    how: StringEnum(['visit', 'phone', 'video', 'message', 'other'] as const),
    note: Type.String({ maxLength: 4000 }),
  },
  { $id: 'Touchpoint', title: 'Touchpoint' },
);

export const NewTouchpoint = Strict(
  {
    at: Type.Optional(Instant),
    how: StringEnum(['visit', 'phone', 'video', 'message', 'other'] as const),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { $id: 'NewTouchpoint', title: 'NewTouchpoint' },
);

export const TouchpointLog = Strict(
  {
    items: Type.Array(ref(Touchpoint), { maxItems: 10000 }),
    gaps: Type.Array(
      Strict({
        from: Day,
        to: Day,
        days: Type.Integer({ minimum: 0, maximum: 100000, format: 'int32' }),
        open: Type.Boolean(),
      }),
      { maxItems: 1000, description: 'Gaps longer than allowed between touchpoints (“stick to them like glue”).' },
    ),
    maxGapDays: Type.Integer({ minimum: 1, maximum: 60, format: 'int32' }),
  },
  { $id: 'TouchpointLog', title: 'TouchpointLog' },
);

export const ContingencySpend = Strict(
  {
    id: Id,
    amountPence: Type.Integer({ minimum: 1, maximum: 100_000_000, format: 'int32' }),
    purpose: Type.String({ maxLength: 1000 }),
    spentOn: Day,
    byId: Type.Union([Id, Type.Null()]),
    recordedAt: Instant,
  },
  { $id: 'ContingencySpend', title: 'ContingencySpend' },
);

export const NewContingencySpend = Strict(
  {
    amountPence: Type.Integer({
      minimum: -100_000_000,
      maximum: 100_000_000,
      format: 'int32',
      description: 'Integer pence.',
    }),
    purpose: Type.String({ minLength: 1, maxLength: 1000 }),
    spentOn: Type.Optional(Day),
  },
  { $id: 'NewContingencySpend', title: 'NewContingencySpend' },
);

export const ContingencyLedger = Strict(
  {
    items: Type.Array(ref(ContingencySpend), { maxItems: 1000 }),
    storySpentPence: Type.Integer({ minimum: 0, maximum: 100_000_000, format: 'int32' }),
    perSpendCapPence: Type.Integer({ minimum: 0, maximum: 100_000_000, format: 'int32' }),
    perStoryCapPence: Type.Integer({ minimum: 0, maximum: 100_000_000, format: 'int32' }),
  },
  { $id: 'ContingencyLedger', title: 'ContingencyLedger' },
);
