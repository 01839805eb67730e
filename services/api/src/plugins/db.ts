import type { DbClient } from '@threefold/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { requestAwareDb } from '../platform/request-transaction.js';

declare module 'fastify' {
  interface FastifyInstance {
    dbClient: DbClient;
    /**
     * Where practice data, the returns and search read: the replica's pool (`DATABASE_REPLICA_URL`)
     * when there is one, else the primary's (the same object as `dbClient`). Never for writes,
     * audit rows included: the actor's audit and every write take `dbClient.db`.
     */
    readDbClient: DbClient;
    /** Whether `readDbClient` is a replica's pool rather than the primary's. */
    hasReplica: boolean;
  }
}

/**
 * Makes the shared pool and drizzle handle available to services; the owner closes it. The
 * drizzle handle follows the request's transaction when it has one (idempotent POSTs) — the read
 * handle too, so whatever a request has written and reads back is read on the primary.
 */
export const dbPlugin = fp(
  async (app: FastifyInstance, opts: { client: DbClient; replica?: DbClient | undefined }) => {
    const primary = { ...opts.client, db: requestAwareDb(opts.client.db) };
    app.decorate('dbClient', primary);
    app.decorate('readDbClient', opts.replica ? { ...opts.replica, db: requestAwareDb(opts.replica.db) } : primary);
    app.decorate('hasReplica', opts.replica !== undefined);
  },
  { name: 'db' },
);
