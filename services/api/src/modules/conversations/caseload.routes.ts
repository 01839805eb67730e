import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.js';
import { problems, ref } from '../../schemas/common.js';
import { CaseloadService } from './caseload.js';
import { Caseload, CaseloadQuery } from './caseload.schemas.js';

export const caseloadRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const caseload = new CaseloadService(app.dbClient.db, config);

  app.get(
    '/v1/stories',
    {
      config: { access: { permission: 'conversations:read', staffOnly: true } },
      schema: {
        operationId: 'listCaseload',
        tags: ['conversations'],
        summary: 'A caseload: stories I hold, my teams’ stories, or all I may see',
        description:
          'Most urgent first (conversation 2 touchpoints overdue, conversation 2, waiting long, the rest; then the longest ' +
          'wait), with each story’s stage, days waiting, urgency and holder. Open stories unless `status=closed`. ' +
          'Restricted people’s stories only with `people:restricted`. Keyset-paged: pass `nextCursor` as `cursor`.',
        querystring: CaseloadQuery,
        response: { 200: ref(Caseload), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => caseload.list(request.actor, { ...request.query, limit: request.query.limit ?? 50 }),
  );
};
