import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { corsOrigins, type Config } from '../config.js';
import { sendProblem } from './problem.js';

export interface SecurityOptions {
  config: Config;
  /** Extra health check for under-pressure (tests use it to simulate overload). */
  pressureCheck?: () => Promise<boolean> | boolean;
}

export const securityPlugin = fp(
  async (app: FastifyInstance, { config, pressureCheck }: SecurityOptions) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: config.NODE_ENV === 'production' ? undefined : false,
    });
    // Answers from the API carry personal data or the CSRF token: no browser or proxy may keep them.
    app.addHook('onSend', async (request, reply) => {
      const url = request.url;
      if (url.startsWith('/v1/') || url.startsWith('/oauth/')) reply.header('cache-control', 'no-store');
    });
    // The API speaks to its own console on the same origin; other origins only when configured.
    const origins = corsOrigins(config);
    if (origins.length > 0) {
      await app.register(cors, { origin: origins, credentials: true });
    }
    await app.register(underPressure, {
      maxEventLoopDelay: config.MAX_EVENT_LOOP_DELAY_MS,
      retryAfter: config.RETRY_AFTER_SECONDS,
      ...(pressureCheck ? { healthCheck: async () => pressureCheck(), healthCheckInterval: 25 } : {}),
      pressureHandler: (request, reply, type) => {
        reply.header('retry-after', String(config.RETRY_AFTER_SECONDS));
        sendProblem(request, reply, {
          status: 503,
          code: 'overloaded',
          title: 'Service unavailable',
          detail: `The service is under pressure (${type}); retry after ${config.RETRY_AFTER_SECONDS} seconds.`,
        });
      },
    });
  },
  { name: 'security', dependencies: ['problem'] },
);

export interface RateDecision {
  allowed: boolean;
  /** Whole requests left in the bucket now. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one request is allowed (0 when allowed). */
  retryAfterSeconds: number;
}
