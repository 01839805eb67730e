import { documentMediaTypes, documentRemovalBases } from '@threefold/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Colleague = Strict({ id: Id, name: Type.String({ maxLength: 200 }) });
const NullableId = Type.Union([Id, Type.Null()]);

/** The text fields of an upload (the file is the `file` part); checked by the service. */
export const NewDocumentFields = Strict({
  personId: Id,
  title: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'What it is, in words; the file name if left out.' }),
  ),
  storyId: Type.Optional(Id),
  conversationId: Type.Optional(Id),
  budgetId: Type.Optional(Id),
  concernId: Type.Optional(Id),
  enquiryId: Type.Optional(Id),
});
export type NewDocumentInput = Static<typeof NewDocumentFields>;

/** The multipart body as the contract describes it. */
export const NewDocumentUpload = Type.Object(
  {
    ...NewDocumentFields.properties,
    file: Type.String({
      format: 'binary',
      maxLength: 1024 * 1024 * 1024,
      description: 'The file. Its type is judged by its content, against the allowed list.',
    }),
  },
  { $id: 'NewDocumentUpload', additionalProperties: false, required: ['personId', 'file'] },
);

export const Document = Strict(
  {
    id: Id,
    personId: Id,
    storyId: NullableId,
    conversationId: NullableId,
    budgetId: NullableId,
    concernId: NullableId,
    enquiryId: NullableId,
    title: Type.String({ maxLength: 200 }),
    fileName: Type.String({ maxLength: 255 }),
    mediaType: StringEnum(documentMediaTypes),
    sizeBytes: Type.Integer({ minimum: 0, maximum: 1024 * 1024 * 1024, format: 'int64' }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', maxLength: 64 }),
    uploadedBy: Colleague,
    uploadedAt: Instant,
    contentUrl: Type.Union([Type.String({ maxLength: 100 }), Type.Null()], {
      description: 'Where its bytes are read; null once removed.',
    }),
    removal: Type.Union([
      Strict({
        removedAt: Instant,
        removedBy: Colleague,
        basis: StringEnum(documentRemovalBases),
        reason: Type.String({ maxLength: 2000 }),
      }),
      Type.Null(),
    ]),
  },
  { $id: 'Document' },
);
export type DocumentView = Static<typeof Document>;

export const DocumentList = Strict({ items: Type.Array(ref(Document), { maxItems: 10000 }) }, { $id: 'DocumentList' });

export const DocumentRemoval = Strict(
  {
    basis: StringEnum(documentRemovalBases, {
      description:
        'Why it stops being held (UK GDPR art 5(1)(e) retention, art 17 erasure, or a mistake). The record that it existed stays.',
    }),
    reason: Type.String({ minLength: 3, maxLength: 2000, description: 'In words: the decision and who agreed it.' }),
  },
  { $id: 'DocumentRemoval' },
);
export type DocumentRemovalBody = Static<typeof DocumentRemoval>;

export const documentSchemas: TSchema[] = [NewDocumentUpload, Document, DocumentList, DocumentRemoval];
