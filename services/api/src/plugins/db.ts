import type { DbClient } from '@threefold/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { requestAwareDb } from '../platform/request-transaction.js';

declare module 'fastify' {
  interface FastifyInstance {
    dbClient: DbClient;
  }
}

/**
 * Makes the shared pool and drizzle handle available to services; the owner closes it. The
 * drizzle handle follows the request's transaction when it has one (idempotent POSTs).
 */
export const dbPlugin = fp(
  async (app: FastifyInstance, opts: { client: DbClient }) => {
    app.decorate('dbClient', { ...opts.client, db: requestAwareDb(opts.client.db) });
  },
  { name: 'db' },
);
