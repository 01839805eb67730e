import type { FastifyInstance } from 'fastify';
import type { Worker } from './periodic.js';
import { startOutboxWorker } from './outbox/worker.js';
import { startAuditChainer } from './audit/chainer.js';
import { startAuthHousekeeping } from './plugins/auth.js';
import { modules } from './modules/index.js';

export type { Worker } from './periodic.js';

/**
 * Background work that runs off the request path in every API instance (each worker makes
 * sure only one instance does a given piece of work at a time). Started by server.ts, not by
 * buildApp, so tests start exactly the workers they exercise.
 */
export async function startWorkers(app: FastifyInstance): Promise<Worker[]> {
  const workers: Worker[] = [];
  // ── workers (one line each) ──
  workers.push(await startAuditChainer(app));
  workers.push(await startOutboxWorker(app));
  workers.push(startAuthHousekeeping(app));
  for (const module of modules) for (const start of module.workers ?? []) workers.push(await start(app));
  // ── end of workers ──
  return workers;
}
