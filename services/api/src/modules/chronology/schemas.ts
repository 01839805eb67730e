import { Type, type Static, type TSchema } from 'typebox';
import { chronologyKinds, chronologyLinkTypes } from '../../platform/chronology.js';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });

export const ChronologyKind = StringEnum(chronologyKinds, {
  $id: 'ChronologyKind',
  description:
    'What happened: a contact; a story’s life (opened, picked up, handed on, closed, reopened); a conversation started ' +
    'or concluded; a final case note; a peer step (review, risk panel, sign-off); an eligibility decision; a budget ' +
    'started or signed off; a review completed; a connection; safeguarding (only for those who may see it); a warning ' +
    'added or ended.',
});

export const ChronologyEntry = Strict(
  {
    at: Type.String({ format: 'date-time', maxLength: 40 }),
    kind: ref(ChronologyKind),
    id: Id,
    title: Type.String({ maxLength: 200, description: 'What happened, in a few words.' }),
    summary: Type.String({ maxLength: 400, description: 'A line of what was said or decided; may be empty.' }),
    by: Type.Union([Strict({ id: Id, name: Type.String({ maxLength: 200 }) }), Type.Null()], {
      description: 'The colleague who did it; null when it came from a council or partner system.',
    }),
    link: Strict({ type: StringEnum(chronologyLinkTypes), id: Id }, { description: 'The record to open.' }),
  },
  { $id: 'ChronologyEntry' },
);
export type ChronologyEntryBody = Static<typeof ChronologyEntry>;

export const ChronologyPage = Strict(
  { items: Type.Array(ref(ChronologyEntry), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'ChronologyPage' },
);

const Day = Type.String({ format: 'date', maxLength: 10 });

export const ChronologyQuery = Strict({
  kinds: Type.Optional(
    Type.Array(ref(ChronologyKind), {
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
      description: 'Only these kinds (repeat the parameter: `kinds=note&kinds=contact`).',
    }),
  ),
  from: Type.Optional({ ...Day, description: 'From this day (in England), inclusive.' }),
  to: Type.Optional({ ...Day, description: 'Up to this day (in England), inclusive.' }),
  ...PageQuery,
});
export type ChronologyQueryBody = Static<typeof ChronologyQuery>;

export const ChronologyPdfQuery = Strict({
  kinds: ChronologyQuery.properties.kinds,
  from: ChronologyQuery.properties.from,
  to: ChronologyQuery.properties.to,
});

export const chronologySchemas: TSchema[] = [ChronologyKind, ChronologyEntry, ChronologyPage];
