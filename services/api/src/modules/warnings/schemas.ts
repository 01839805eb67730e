import { warningKinds } from '@threefold/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Day = Type.String({ format: 'date', maxLength: 10 });
const Kind = StringEnum(warningKinds, {
  description: 'What the risk is: to staff visiting or calling, to other people, to the person themselves, or other.',
});
const Details = Type.String({
  minLength: 1,
  pattern: '\\S',
  maxLength: 2000,
  description: 'What a colleague must know and do, in plain words (e.g. "Visit in pairs; the dog is kept in").',
});
const ReviewOn = Type.String({
  format: 'date',
  maxLength: 10,
  description: 'When the warning is looked at again: today at the earliest, at most 12 months ahead.',
});
const Why = Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' });
const Colleague = Strict({ id: Id, name: Type.String({ maxLength: 200 }) });

export const NewWarning = Strict({ kind: Kind, details: Details, reviewOn: ReviewOn }, { $id: 'NewWarning' });
export type NewWarningBody = Static<typeof NewWarning>;

export const WarningReview = Strict(
  {
    stillNeeded: Type.Boolean({ description: 'False ends the warning, with the note as the reason.' }),
    nextReviewOn: Type.Optional({ ...ReviewOn, description: 'Required when the warning is still needed.' }),
    note: { ...Why, description: 'What the review found.' },
  },
  { $id: 'WarningReview' },
);
export type WarningReviewBody = Static<typeof WarningReview>;

export const WarningEnd = Strict(
  { reason: { ...Why, description: 'Why it is no longer needed.' } },
  { $id: 'WarningEnd' },
);
export type WarningEndBody = Static<typeof WarningEnd>;

export const WarningStep = Strict(
  {
    kind: StringEnum(['added', 'reviewed', 'ended'] as const),
    by: Colleague,
    at: Instant,
    note: Type.String({ maxLength: 2000 }),
    reviewOn: Type.Union([Day, Type.Null()]),
  },
  { $id: 'WarningStep' },
);

export const Warning = Strict(
  {
    id: Id,
    personId: Id,
    kind: Kind,
    details: Details,
    reviewOn: Day,
    reviewDue: Type.Boolean({ description: 'True when the review date has come: look at it again.' }),
    status: StringEnum(['active', 'ended'] as const),
    addedBy: Colleague,
    addedAt: Instant,
    lastReviewedAt: Type.Union([Instant, Type.Null()]),
    endedAt: Type.Union([Instant, Type.Null()]),
    endedBy: Type.Union([Colleague, Type.Null()]),
    endReason: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
    history: Type.Array(ref(WarningStep), {
      maxItems: 1000,
      description: 'Who added, reviewed and ended it, when and why; oldest first.',
    }),
  },
  { $id: 'Warning' },
);
export type WarningView = Static<typeof Warning>;

export const WarningList = Strict({ items: Type.Array(ref(Warning), { maxItems: 500 }) }, { $id: 'WarningList' });

export const WarningQuery = Strict({
  include: Type.Optional(
    StringEnum(['ended'] as const, { description: '`ended` lists ended warnings too (after the active ones).' }),
  ),
});

export const warningSchemas: TSchema[] = [NewWarning, WarningReview, WarningEnd, WarningStep, Warning, WarningList];
