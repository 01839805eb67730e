import { noteKinds, noteStatuses } from '@threefold/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Summary = Type.String({ minLength: 1, maxLength: 200, description: 'One line: what this note is about.' });
const Body = Type.String({
  minLength: 1,
  maxLength: 20000,
  description: 'What happened, written for the person to read: plain words, no jargon.',
});
const Kind = StringEnum(noteKinds, { description: 'How it happened.' });
const Colleague = Strict({ id: Id, name: Type.String({ maxLength: 200 }) });

export const NewNote = Strict(
  {
    kind: Kind,
    occurredAt: Instant,
    summary: Summary,
    body: Body,
    storyId: Type.Optional(Id),
    conversationId: Type.Optional(Id),
    concernId: Type.Optional(Id),
    enquiryId: Type.Optional(Id),
    status: Type.Optional(
      StringEnum(noteStatuses, {
        description: '`draft` (the default) is kept for its author to finish; `final` makes it part of the record.',
      }),
    ),
  },
  { $id: 'NewNote' },
);
export type NewNoteBody = Static<typeof NewNote>;

export const NoteChanges = Strict(
  {
    kind: Type.Optional(Kind),
    occurredAt: Type.Optional(Instant),
    summary: Type.Optional(Summary),
    body: Type.Optional(Body),
    finalise: Type.Optional(Type.Boolean({ description: 'Make a draft final: part of the record from now on.' })),
    amendmentReason: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1000,
        description: 'Required to amend a final note: why. The earlier version is kept in its history.',
      }),
    ),
  },
  { $id: 'NoteChanges' },
);
export type NoteChangesBody = Static<typeof NoteChanges>;

export const Note = Strict(
  {
    id: Id,
    personId: Id,
    storyId: Type.Union([Id, Type.Null()]),
    conversationId: Type.Union([Id, Type.Null()]),
    concernId: Type.Union([Id, Type.Null()]),
    enquiryId: Type.Union([Id, Type.Null()]),
    kind: Kind,
    occurredAt: Instant,
    status: StringEnum(noteStatuses),
    summary: Summary,
    body: Body,
    author: Colleague,
    version: Type.Integer({
      minimum: 1,
      maximum: 2147483647,
      format: 'int32',
      description: 'Changes with every save (the ETag).',
    }),
    amended: Type.Boolean({ description: 'True once a final note has been amended: see its history.' }),
    createdAt: Instant,
    updatedAt: Instant,
    finalisedAt: Type.Union([Instant, Type.Null()]),
  },
  { $id: 'Note' },
);
export type NoteView = Static<typeof Note>;

export const NoteVersion = Strict(
  {
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
    summary: Summary,
    body: Body,
    amendmentReason: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
    writtenBy: Colleague,
    writtenAt: Instant,
  },
  { $id: 'NoteVersion' },
);

export const NoteWithHistory = Strict(
  {
    note: ref(Note),
    versions: Type.Array(ref(NoteVersion), {
      maxItems: 1000,
      description: 'Every final version, oldest first; empty while a draft.',
    }),
  },
  { $id: 'NoteWithHistory' },
);

export const NotePage = Strict(
  { items: Type.Array(ref(Note), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'NotePage' },
);

export const NoteQuery = Strict({
  kind: Type.Optional(Kind),
  storyId: Type.Optional(Id),
  ...PageQuery,
});

export const noteSchemas: TSchema[] = [NewNote, NoteChanges, Note, NoteVersion, NoteWithHistory, NotePage];
