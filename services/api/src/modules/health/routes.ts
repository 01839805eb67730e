import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemContentType, problems, ref, Problem } from '../../schemas/common.js';
import { Liveness, Readiness } from './schemas.js';
import { readiness } from './service.js';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'getLiveness',
        tags: ['health'],
        summary: 'Is the process up?',
        description:
          'Answers 200 while the process can serve HTTP. It does not touch the database: use it for liveness probes.',
        security: [],
        response: { 200: ref(Liveness), ...problems() },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Can this instance serve traffic?',
        description:
          'Answers 200 when the database is reachable and every migration is applied, else 503. With `DATABASE_REPLICA_URL` set it also reports the replica (`checks.replica`, `replica.lagSeconds`), which does not change the status.',
        security: [],
        response: {
          200: ref(Readiness),
          ...problems(),
          503: {
            description: 'Not ready: a check is failing, or the instance is shutting down.',
            content: {
              'application/json': { schema: ref(Readiness) },
              [problemContentType]: { schema: ref(Problem) },
            },
          },
        },
      },
    },
    async (_request, reply) => {
      const body = await readiness(app.dbClient.db, app.hasReplica ? app.readDbClient.db : undefined);
      return reply
        .code(body.status === 'ready' ? 200 : 503)
        .type('application/json')
        .send(body);
    },
  );
};
