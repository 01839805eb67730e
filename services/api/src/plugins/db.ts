import type { DbClient } from '@threefold/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    dbClient: DbClient;
  }
}

/** Makes the shared pool and drizzle handle available to services; the owner closes it. */
export const dbPlugin = fp(
  async (app: FastifyInstance, opts: { client: DbClient }) => {
    app.decorate('dbClient', opts.client);
  },
  { name: 'db' },
);
