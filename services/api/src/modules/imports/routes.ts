import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import { IdParams, problems, ref } from '../../schemas/common.js';
import { createBoss } from '../../outbox/queue.js';
import { enqueueCommit } from './commit-job.js';
import { importFormats, type ImportFormat } from './file-reader.js';
import {
  ImportCommit,
  ImportJob,
  ImportJobList,
  ImportMapping,
  ImportMappingList,
  ImportUploadQuery,
  NewImportMapping,
} from './schemas.js';
import { ImportsService } from './service.js';

const tags = ['imports'];
const access = { permission: 'imports:run' as const, staffOnly: true };

export const importRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  // Only sends jobs (never started here): the import-commit worker runs them.
  const boss = createBoss(app.dbClient.pool);
  const service = new ImportsService(
    app.dbClient.db,
    { maxBytes: config.IMPORT_MAX_BYTES, batchSize: config.IMPORT_BATCH_SIZE },
    (id) => enqueueCommit(boss, id),
  );

  // The file arrives as the raw body (text/csv or .xlsx), streamed: never parsed whole here. The
  // stream is kept aside for the handler; the body itself is left empty for the schema.
  const files = new WeakMap<object, Readable>();
  app.addContentTypeParser(Object.values(importFormats), (request, payload, done) => {
    files.set(request, payload);
    done(null, '');
  });

  app.post(
    '/v1/import-mappings',
    {
      config: { access },
      schema: {
        operationId: 'createImportMapping',
        tags,
        summary: 'Save a mapping from a council export’s columns to Threefold’s fields',
        description:
          'Reusable for every file the export produces. A field that does not exist, a required field left out, or a value map on a field without a code list is refused (`400 invalid_mapping`), naming each.',
        body: ref(NewImportMapping),
        response: { 201: ref(ImportMapping), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const mapping = await service.createMapping(request.actor, request.body);
      reply.code(201);
      return mapping;
    },
  );

  app.get(
    '/v1/import-mappings',
    {
      config: { access },
      schema: {
        operationId: 'listImportMappings',
        tags,
        summary: 'The saved import mappings',
        description: 'By name; each with its kind, source and mapping document.',
        response: { 200: ref(ImportMappingList), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => service.mappings(request.actor),
  );

  app.post(
    '/v1/imports',
    {
      config: { access },
      bodyLimit: config.IMPORT_MAX_BYTES,
      schema: {
        operationId: 'uploadImport',
        tags,
        summary: 'Upload a council export and dry-run it',
        description:
          'The file is the raw request body: `Content-Type: text/csv` (UTF-8) or the .xlsx type for an Excel workbook (first sheet, header in row 1). ' +
          'It is stored and every row checked with the API’s own rules (NHS number, postcode, dates, code lists, duplicates against people already recorded by NHS number and by name and date of birth); ' +
          'nothing else is written. The answer is the import with its counts and first problems. A wrong file type (415), an empty file, a header that does not fit the mapping, ' +
          'a file that is not UTF-8 (Windows-1252 is named) (422) or one over `IMPORT_MAX_BYTES` (413) is refused whole.',
        querystring: ImportUploadQuery,
        body: {
          content: {
            [importFormats.csv]: { schema: { type: 'string', maxLength: 4_294_967_296 } },
            [importFormats.xlsx]: { schema: { type: 'string', format: 'binary', maxLength: 4_294_967_296 } },
          },
        },
        response: { 201: ref(ImportJob), ...problems(400, 401, 403, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = (Object.keys(importFormats) as ImportFormat[]).find((f) => importFormats[f] === type)!;
      const job = await service.upload(request.actor, {
        mappingId: request.query.mappingId,
        fileName: request.query.fileName ?? `upload.${format}`,
        format,
        body: files.get(request) ?? Readable.from([]),
      });
      reply.code(201);
      return job;
    },
  );

  app.get(
    '/v1/imports',
    {
      config: { access },
      schema: {
        operationId: 'listImports',
        tags,
        summary: 'The history of imports, newest first',
        description: 'The last 100 imports with their counts and status; audited as read.',
        response: { 200: ref(ImportJobList), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => service.list(request.actor),
  );

  app.get(
    '/v1/imports/:id',
    {
      config: { access },
      schema: {
        operationId: 'getImport',
        tags,
        summary: 'An import: its dry run, its progress',
        description: 'Counts, status, progress (0–1) and the first 100 problems; poll it while a commit runs.',
        params: IdParams,
        response: { 200: ref(ImportJob), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => service.get(request.actor, request.params.id),
  );

  app.get(
    '/v1/imports/:id/problems',
    {
      config: { access },
      schema: {
        operationId: 'getImportProblems',
        tags,
        summary: 'Every problem the dry run found, as CSV',
        description: 'Columns `row` (the header is row 1), `council_id`, `field`, `code`, `reason`.',
        params: IdParams,
        response: {
          200: {
            description: 'The report.',
            content: { 'text/csv': { schema: { type: 'string', maxLength: 10_000_000_000 } } },
          },
          ...problems(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { filename, csv } = await service.problemsCsv(request.actor, request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(csv as unknown as string);
    },
  );

  app.post(
    '/v1/imports/:id/commit',
    {
      config: { access },
      schema: {
        operationId: 'commitImport',
        tags,
        summary: 'Write a dry-run import, in the background, in batches',
        description:
          'Only when the dry run found no bad rows, or with `skipBadRows` (they stay listed). The import is marked `committing` and handed to a background job (`202`): ' +
          'poll `GET /v1/imports/{id}` for its progress. Each batch is one transaction with its audit row; a commit whose worker stopped or died is resumed by another ' +
          '(or by committing again), and rows already written (by council id) are never written twice. An import already committed is answered as it is (`200`). ' +
          'When done, `import.completed` is sent to the council’s subscriptions.',
        params: IdParams,
        body: ref(ImportCommit),
        response: {
          200: ref(ImportJob),
          202: ref(ImportJob),
          ...problems(400, 401, 403, 404, 409, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const { queued, job } = await service.queueCommit(request.actor, request.params.id, request.body);
      reply.code(queued ? 202 : 200);
      return job;
    },
  );

  app.delete(
    '/v1/imports/:id',
    {
      config: { access },
      schema: {
        operationId: 'abandonImport',
        tags,
        summary: 'Abandon an import not yet committed',
        description:
          'Its file is dropped. A commit in progress stops before its next batch; a committed import cannot be abandoned (`409`).',
        params: IdParams,
        response: { 204: Type.Null({ description: 'Abandoned.' }), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      await service.abandon(request.actor, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
