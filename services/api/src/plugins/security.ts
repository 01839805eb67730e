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

interface Queryable {
  query<R extends object>(text: string, values: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * One request from a caller's token bucket, kept in PostgreSQL so every instance shares it.
 * The bucket holds a minute's allowance and refills continuously (`perMinute` / 60 a second),
 * so a caller can never send more than `perMinute` in any sixty seconds plus what refilled —
 * unlike fixed windows, which let a burst straddle the boundary at twice the limit. A refused
 * request takes nothing from the bucket: the conditional upsert changes no row.
 */
export async function takeToken(db: Queryable, key: string, perMinute: number): Promise<RateDecision> {
  const refill = `least($2::float8, b.tokens + extract(epoch from (now() - b.updated_at)) * $2::float8 / 60)`;
  const taken = await db.query<{ tokens: number }>(
    `insert into rate_limit_buckets as b (key, tokens, updated_at) values ($1, $2::float8 - 1, now())
     on conflict (key) do update set tokens = ${refill} - 1, updated_at = now()
      where ${refill} >= 1
     returning tokens`,
    [key, perMinute],
  );
  const perToken = 60 / perMinute;
  const row = taken.rows[0];
  if (row) {
    const tokens = Number(row.tokens);
    return {
      allowed: true,
      remaining: Math.max(0, Math.floor(tokens)),
      resetSeconds: Math.max(0, Math.ceil((perMinute - tokens) * perToken)),
      retryAfterSeconds: 0,
    };
  }
  const current = await db.query<{ tokens: number }>(
    `select ${refill} as tokens from rate_limit_buckets b where key = $1`,
    [key, perMinute],
  );
  const tokens = Math.max(0, Number(current.rows[0]?.tokens ?? 0));
  return {
    allowed: false,
    remaining: 0,
    resetSeconds: Math.max(1, Math.ceil((perMinute - tokens) * perToken)),
    retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) * perToken)),
  };
}
