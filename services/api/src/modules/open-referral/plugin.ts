import type { FastifyPluginAsync } from 'fastify';
import { serialiseOpenApi } from '../../plugins/swagger.js';
import { buildOpenReferralDocument } from './contract.js';
import { OPEN_REFERRAL_PREFIX, openReferralRoutes } from './routes.js';

/** The Open Referral UK API as the running app serves it, with its own contract beside it. */
export const openReferralApi: FastifyPluginAsync<{ perMinute: number; publicBaseUrl: string }> = async (
  app,
  { perMinute, publicBaseUrl },
) => {
  await app.register(openReferralRoutes, { perMinute, publicBaseUrl, publish: false, addSchemas: false });
  let published: string | undefined;
  app.get(
    `${OPEN_REFERRAL_PREFIX}/openapi.json`,
    { schema: { hide: true }, config: { access: { public: true } } },
    async (_request, reply) => {
      published ??= serialiseOpenApi(await buildOpenReferralDocument(app.dbClient));
      reply.header('access-control-allow-origin', '*');
      return reply.type('application/json').send(published);
    },
  );
};
