import { Type, type Static } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

export const exportKinds = [
  'people',
  'relationships',
  'notes',
  'stories',
  'conversations',
  'eligibility',
  'budgets',
  'care',
  'reviews',
  'safeguarding',
  'documents',
] as const;
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });

export const NewExport = Strict(
  {
    kinds: Type.Optional(
      Type.Array(StringEnum(exportKinds), {
        minItems: 1,
        maxItems: 20,
        uniqueItems: true,
        description: 'What to hand back; everything by default.',
      }),
    ),
  },
  { $id: 'NewExport', title: 'NewExport' },
);
export type NewExportBody = Static<typeof NewExport>;

export const Export = Strict(
  {
    id: Type.String({ format: 'uuid', maxLength: 36 }),
    kinds: Type.Array(StringEnum(exportKinds), { maxItems: 20 }),
    createdAt: Timestamp,
    archiveUrl: Type.String({ maxLength: 200, description: 'Where the archive (zip) is downloaded from.' }),
    downloads: Type.Integer({ minimum: 0, maximum: 2147483647, format: 'int32' }),
    lastDownloadedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'Export', title: 'Export' },
);
export type ExportBody = Static<typeof Export>;

export const ExportList = Strict(
  { items: Type.Array(ref(Export), { maxItems: 100 }) },
  { $id: 'ExportList', title: 'ExportList' },
);

export const exportSchemas = [NewExport, Export, ExportList];
