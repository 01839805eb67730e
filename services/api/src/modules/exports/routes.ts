import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems, ref } from '../../schemas/common.js';
import { Export, ExportList, NewExport } from './schemas.js';
import type { Config } from '../../config.js';
import { DocumentsService } from '../documents/service.js';
import { storeFor } from '../documents/store.js';
import { ExportsService } from './service.js';

const tags = ['exports'];
const access = { permission: 'people:export' as const, staffOnly: true };

export const exportRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const documents = new DocumentsService(app.dbClient.db, storeFor(config), config.DOCUMENTS_MAX_BYTES);
  const service = new ExportsService(app.dbClient.db, documents);

  app.post(
    '/v1/exports',
    {
      config: { access },
      schema: {
        operationId: 'createExport',
        tags,
        summary: 'Hand the practice’s records back: make an export',
        description:
          'Records who asked for it and when; the archive is at `archiveUrl`. It holds one documented CSV per kind with a data dictionary, the council’s own ids where records came from the council, and the import mapping that brings each file back into a Threefold.',
        body: ref(NewExport),
        response: { 201: ref(Export), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const created = await service.create(request.actor, request.body);
      reply.code(201);
      return created;
    },
  );

  app.get(
    '/v1/exports',
    {
      config: { access },
      schema: {
        operationId: 'listExports',
        tags,
        summary: 'Exports made, newest first',
        description: 'The last 100 exports, with how often each was downloaded.',
        response: { 200: ref(ExportList), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => service.list(request.actor),
  );

  app.get(
    '/v1/exports/:id/archive',
    {
      config: { access },
      schema: {
        operationId: 'downloadExport',
        tags,
        summary: 'Download an export’s archive (zip)',
        description:
          'Built as it is sent, at constant memory; each download is audited. Download again to resume a broken one.',
        params: IdParams,
        response: {
          200: {
            description: 'The archive.',
            content: { 'application/zip': { schema: Type.String({ format: 'binary', maxLength: 100_000_000_000 }) } },
          },
          ...problems(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { filename, zip } = await service.archive(request.actor, request.params.id);
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(zip as unknown as string);
    },
  );
};
