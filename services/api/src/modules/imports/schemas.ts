import { importDateFormats, importKinds } from '@threefold/domain';
import { Type, type Static } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Count = (description: string) => Type.Integer({ minimum: 0, maximum: 2147483647, format: 'int32', description });
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const Column = Type.String({ minLength: 1, maxLength: 200 });
const FieldName = Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z][A-Za-z0-9]*$' });
const ImportKind = StringEnum(importKinds, { description: 'What the file holds.' });

export const ImportMappingDefinition = Strict(
  {
    idColumn: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The column holding the council’s own id for each row (kept as the record’s external reference).',
    }),
    columns: Type.Record(FieldName, Column, {
      description: 'Threefold field → the council column it is read from. A field that does not exist is refused.',
    }),
    valueMaps: Type.Optional(
      Type.Record(FieldName, Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 200 })), {
        description:
          'For coded fields: the council’s value → Threefold’s (e.g. ethnicity `WBRI` → `A1`). Values not listed are taken as they are, then checked against the list.',
      }),
    ),
    dateFormat: Type.Optional(
      StringEnum(importDateFormats, { description: '`iso` (2024-03-31, the default) or `dmy` (31/03/2024).' }),
    ),
  },
  { $id: 'ImportMappingDefinition', title: 'ImportMappingDefinition' },
);
export type ImportMappingDefinitionBody = Static<typeof ImportMappingDefinition>;

export const NewImportMapping = Strict(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Unique; how the console and CLI find it.' }),
    kind: ImportKind,
    source: Type.String({
      minLength: 1,
      maxLength: 50,
      pattern: '^[a-z0-9][a-z0-9_-]*$',
      description: 'The council system the files come from (e.g. `mosaic`): council ids are unique per source.',
    }),
    definition: ref(ImportMappingDefinition),
  },
  { $id: 'NewImportMapping', title: 'NewImportMapping' },
);
export type NewImportMappingBody = Static<typeof NewImportMapping>;

export const ImportMapping = Strict(
  {
    id: Id,
    name: Type.String({ maxLength: 100 }),
    kind: ImportKind,
    source: Type.String({ maxLength: 50 }),
    definition: ref(ImportMappingDefinition),
    createdAt: Timestamp,
  },
  { $id: 'ImportMapping', title: 'ImportMapping' },
);
export type ImportMappingBody = Static<typeof ImportMapping>;

export const ImportMappingList = Strict(
  { items: Type.Array(ref(ImportMapping), { maxItems: 500 }) },
  { $id: 'ImportMappingList', title: 'ImportMappingList' },
);

export const ImportUploadQuery = Strict({
  mappingId: Id,
  fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Shown in the history.' })),
});

export const ImportRowProblem = Strict(
  {
    rowNumber: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32', description: 'The header is row 1.' }),
    externalId: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    field: Type.String({ maxLength: 200 }),
    code: Type.String({ maxLength: 60 }),
    reason: Type.String({ maxLength: 1000 }),
  },
  { $id: 'ImportRowProblem', title: 'ImportRowProblem' },
);

export const ImportJob = Strict(
  {
    id: Id,
    kind: ImportKind,
    mappingId: Id,
    source: Type.String({ maxLength: 50 }),
    fileName: Type.String({ maxLength: 200 }),
    format: StringEnum(['csv', 'xlsx'] as const),
    sizeBytes: Type.Integer({ minimum: 0, maximum: 1e15, format: 'int64' }),
    status: StringEnum(['checked', 'committing', 'committed', 'abandoned'] as const, {
      description:
        '`checked`: the dry run is done (nothing written); `committing`: a commit is running or was interrupted (commit again to resume); `committed`; `abandoned`.',
    }),
    totalRows: Count('Rows in the file.'),
    badRows: Count('Rows with at least one problem (see `problems` and the CSV report).'),
    alreadyImportedRows: Count('Rows whose council id was imported before: nothing about them changes.'),
    committedRows: Count('Records written so far.'),
    skippedRows: Count('Rows a commit skipped (bad rows explicitly skipped).'),
    batches: Count('Batches committed so far.'),
    progress: Type.Number({ minimum: 0, maximum: 1, description: 'Share of the importable rows written.' }),
    problems: Type.Array(ref(ImportRowProblem), {
      maxItems: 100,
      description: 'The first 100 problems; `GET /v1/imports/{id}/problems` has them all, as CSV.',
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    finishedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'ImportJob', title: 'ImportJob' },
);
export type ImportJobBody = Static<typeof ImportJob>;

export const ImportJobList = Strict(
  { items: Type.Array(ref(ImportJob), { maxItems: 100 }) },
  { $id: 'ImportJobList', title: 'ImportJobList' },
);

export const ImportCommit = Strict(
  {
    skipBadRows: Type.Optional(
      Type.Boolean({
        description: 'Commit although the dry run found bad rows: they are skipped (and stay listed in the report).',
      }),
    ),
  },
  { $id: 'ImportCommit', title: 'ImportCommit' },
);
export type ImportCommitBody = Static<typeof ImportCommit>;

export const importSchemas = [
  ImportMappingDefinition,
  NewImportMapping,
  ImportMapping,
  ImportMappingList,
  ImportRowProblem,
  ImportJob,
  ImportJobList,
  ImportCommit,
];
