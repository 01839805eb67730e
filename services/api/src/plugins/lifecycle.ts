import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './problem.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** True once shutdown has begun: new requests are refused while in-flight ones finish. */
    draining: boolean;
    beginDrain(): void;
  }
}

/**
 * Graceful shutdown. Once draining, every new request (including one on a kept-alive
 * connection) answers 503 with `Connection: close`, readiness fails so the load balancer
 * stops routing here, and requests already running finish normally.
 */
export const lifecyclePlugin = fp(
  async (app: FastifyInstance, opts: { retryAfterSeconds: number }) => {
    app.decorate('draining', false);
    app.decorate('beginDrain', function beginDrain(this: FastifyInstance) {
      this.draining = true;
    });
    // Plain callbacks where they have nothing to wait for: an async hook costs a promise per request.
    app.addHook('onRequest', (request, reply, done) => {
      if (!app.draining) return done();
      reply.header('connection', 'close').header('retry-after', String(opts.retryAfterSeconds));
      return sendProblem(request, reply, {
        status: 503,
        code: 'shutting_down',
        title: 'Service unavailable',
        detail: 'This instance is shutting down; retry and another will answer.',
      });
    });
    // Requests that were already running close their kept-alive connection when they answer,
    // so close() does not wait for idle sockets to time out.
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (app.draining) reply.header('connection', 'close');
      done(null, payload);
    });
  },
  { name: 'lifecycle', dependencies: ['problem'] },
);

/**
 * Drains, waits for the load balancer to notice, then closes: Fastify waits for in-flight
 * requests before resolving `close()`.
 */
export async function shutdownGracefully(app: FastifyInstance, drainMs: number): Promise<void> {
  app.beginDrain();
  if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
  await app.close();
}

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * The whole shutdown, in the one order that loses nothing: new requests answer 503 (with
 * Retry-After) for `drainMs` while the listener still accepts them, then the listener closes and
 * requests in flight finish; only then do the workers stop (they may still be writing), the pool
 * closes, and last the embedded PostgreSQL stops (`database.close()` does both, in that order).
 */
export async function shutdownInOrder(parts: {
  app: FastifyInstance;
  drainMs: number;
  workers: Stoppable[];
  database: { close(): Promise<void> };
}): Promise<void> {
  await shutdownGracefully(parts.app, parts.drainMs);
  await Promise.all(parts.workers.map((w) => w.stop()));
  await parts.database.close();
}
