import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import { AppProblem } from '../../errors.js';
import { IdParams, problems, ref } from '../../schemas/common.js';
import { Document, DocumentList, DocumentRemoval, NewDocumentUpload } from './schemas.js';
import { DocumentsService, type UploadedFile } from './service.js';
import { storeFor } from './store.js';

const tags = ['documents'];
const read = { permission: 'documents:read' as const };
const write = { permission: 'documents:write' as const };
const reasonHeader = {
  'x-access-reason': Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 500,
      description: 'Why a restricted person’s documents are being opened (break glass); recorded in the audit trail.',
    }),
  ),
};
const ReasonHeader = Type.Object(reasonHeader);

/** Headers are plain strings: a reason given twice is not a reason. */
const reasonOf = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

export const documentRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const service = new DocumentsService(app.dbClient.db, storeFor(config), config.DOCUMENTS_MAX_BYTES);
  // Multipart is accepted by these routes only; one file, a few short fields.
  await app.register(multipart, {
    // A file past the limit is cut off and flagged, so the service answers 413 with its own code.
    throwFileSizeLimit: false,
    limits: { fileSize: config.DOCUMENTS_MAX_BYTES, files: 1, fields: 10, fieldSize: 1000, parts: 12 },
  });

  app.post(
    '/v1/documents',
    {
      config: { access: write },
      schema: {
        operationId: 'uploadDocument',
        tags,
        summary: 'Add a document about a person',
        description:
          'A `multipart/form-data` upload: the `file` and the `personId` it is about, optionally a `title` and the story, ' +
          'conversation, budget, safeguarding concern or enquiry it belongs to. Its type is judged from its content against ' +
          'the allowed list (PDF, PNG, JPEG, HEIC, TIFF, WebP, DOCX, XLSX, ODT, RTF): `422 document_type_not_allowed` ' +
          'otherwise; larger than `DOCUMENTS_MAX_BYTES` (25 MB by default) is `413 document_too_large`. A SHA-256 checksum ' +
          'is kept and checked on every read.',
        consumes: ['multipart/form-data'],
        headers: ReasonHeader,
        body: ref(NewDocumentUpload),
        response: { 201: ref(Document), ...problems(400, 401, 403, 404, 413, 415, 422, 429) },
      },
      // The multipart body is read as a stream and its fields checked by the service; the schema is the contract's.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppProblem(
          415,
          'unsupported_media_type',
          'Unsupported media type',
          'Send the document as multipart/form-data.',
        );
      }
      const fields: Record<string, string> = {};
      let file: UploadedFile | undefined;
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const chunks: Buffer[] = [];
          for await (const chunk of part.file) chunks.push(chunk as Buffer);
          if (part.fieldname !== 'file')
            throw new AppProblem(400, 'validation_failed', 'Invalid request', 'The file goes in the `file` part.', [
              {
                in: 'body',
                field: part.fieldname,
                pointer: `/${part.fieldname}`,
                message: 'is not a field of an upload',
              },
            ]);
          file = {
            fileName: part.filename || 'document',
            bytes: Buffer.concat(chunks),
            truncated: part.file.truncated,
          };
        } else {
          fields[part.fieldname] = String(part.value);
        }
      }
      const input = service.parseFields(fields);
      if (!file) {
        throw new AppProblem(400, 'validation_failed', 'Invalid request', 'One or more fields are invalid.', [
          { in: 'body', field: 'file', pointer: '/file', message: 'is required' },
        ]);
      }
      const doc = await service.upload(request.actor, input, file, reasonOf(request.headers['x-access-reason']));
      reply.code(201).header('location', `/v1/documents/${doc.id}`);
      return doc;
    },
  );

  app.get(
    '/v1/people/:id/documents',
    {
      config: { access: read },
      schema: {
        operationId: 'listPersonDocuments',
        tags,
        summary: 'The documents held about a person, newest first',
        description:
          'Only those the reader may see (restricted people, safeguarding concerns and enquiries follow their own rules); ' +
          'removed ones stay listed with the retention decision. Every document listed is audited as read.',
        params: IdParams,
        headers: ReasonHeader,
        response: { 200: ref(DocumentList), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => ({
      items: await service.list(request.actor, request.params.id, request.headers['x-access-reason']),
    }),
  );

  app.get(
    '/v1/documents/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getDocument',
        tags,
        summary: 'A document’s details',
        description:
          'What it is, what it belongs to, its checksum, and its removal if it was removed. Audited as read.',
        params: IdParams,
        headers: ReasonHeader,
        response: { 200: ref(Document), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => service.get(request.actor, request.params.id, request.headers['x-access-reason']),
  );

  app.get(
    '/v1/documents/:id/content',
    {
      config: { access: read },
      schema: {
        operationId: 'getDocumentContent',
        tags,
        summary: 'A document’s bytes',
        description:
          'As uploaded, with the type found in its content, checked against the checksum. `410 document_removed` once a ' +
          'retention decision removed it. Audited as read.',
        params: IdParams,
        headers: ReasonHeader,
        response: {
          200: {
            description: 'The document.',
            content: {
              'application/octet-stream': { schema: Type.String({ format: 'binary', maxLength: 1073741824 }) },
            },
          },
          ...problems(400, 401, 403, 404, 410, 429),
        },
      },
    },
    async (request, reply) => {
      const found = await service.content(request.actor, request.params.id, request.headers['x-access-reason']);
      const ascii = found.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
      return reply
        .type(found.mediaType)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(found.fileName)}`,
        )
        .send(found.bytes as unknown as string); // bytes: the schema can only call them a binary string
    },
  );

  app.post(
    '/v1/documents/:id/removal',
    {
      config: { access: write },
      schema: {
        operationId: 'removeDocument',
        tags,
        summary: 'Remove a document: a recorded retention decision',
        description:
          'Its bytes are deleted; the record that it existed stays, with who removed it, when, the basis and the reason. ' +
          '`409 document_already_removed` the second time.',
        params: IdParams,
        headers: ReasonHeader,
        body: ref(DocumentRemoval),
        response: { 200: ref(Document), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) =>
      service.remove(request.actor, request.params.id, request.body, request.headers['x-access-reason']),
  );
};
