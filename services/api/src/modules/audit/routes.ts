import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problems, ref } from '../../schemas/common.js';
import { AuditPage, AuditQuery } from './schemas.js';
import { AuditTrailService } from './service.js';

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const trail = new AuditTrailService(app.dbClient.db);

  app.get(
    '/v1/audit',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        operationId: 'listAuditEvents',
        tags: ['audit'],
        summary: 'Search the audit trail',
        description:
          'Who read or changed which record, when, why and whether it was allowed, newest first in keyset pages. ' +
          'Filter by person, actor, action and period (`from` inclusive, `to` exclusive, UTC instants). ' +
          'For auditors only; every search is itself audited (`audit.search`).',
        querystring: AuditQuery,
        response: { 200: ref(AuditPage), ...problems(400, 401, 403, 429) },
      },
    },
    (request) => trail.search(request.actor, request.query),
  );
};
