import cors from '@fastify/cors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { corsOrigins, type Config } from '../config.js';
import { sendProblem } from './problem.js';

export interface SecurityOptions {
  config: Config;
  /** Extra health check for under-pressure (tests use it to simulate overload). */
  pressureCheck?: () => Promise<boolean> | boolean;
}

/**
 * The headers helmet sets with these options, worked out once: with no nonces they are the same
 * on every answer, so each request copies them rather than running helmet's middleware (which
 * parses the policy again every time).
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  let done = false;
  helmet(options)({} as IncomingMessage, res, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}

export const securityPlugin = fp(
  async (app: FastifyInstance, { config, pressureCheck }: SecurityOptions) => {
    const securityHeaders = helmetHeaders({
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
      strictTransportSecurity: config.NODE_ENV === 'production' ? {} : false,
    });
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(securityHeaders);
      done();
    });
    // Answers from the API carry personal data or the CSRF token: no browser or proxy may keep them.
    app.addHook('onSend', (request, reply, payload, done) => {
      const url = request.url;
      if (url.startsWith('/v1/') || url.startsWith('/oauth/')) reply.header('cache-control', 'no-store');
      done(null, payload);
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
