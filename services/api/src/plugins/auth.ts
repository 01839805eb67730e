import cookie from '@fastify/cookie';
import { hiddenFromPartners, type Permission } from '@threefold/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'drizzle-orm';
import { safeEqual } from '../auth/secrets.js';
import { startPeriodicWorker, type Worker } from '../periodic.js';
import { resolveKeyEncryptionKey } from '../auth/key-encryption.js';
import { TokenService } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { AppProblem, forbidden, notFound, unauthenticated } from '../errors.js';
import { BatchedRateLimiter } from '../auth/rate-limiter.js';
import { AuthService, SESSION_COOKIE, type SessionView } from '../modules/auth/service.js';
import { ClientService } from '../modules/clients/service.js';
import { ExpiringLru, PrincipalInvalidation } from '../auth/principal-cache.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** `METHOD /path` of every route that needs a caller, and so carries the rate-limit headers. */
    guardedRoutes: Set<string>;
    /** The permission each guarded route needs, by `METHOD /path`: the matrix test reads it. */
    routePermissions: Map<string, Permission>;
    authService: AuthService;
    tokenService: TokenService;
    clientService: ClientService;
    /** Drops cached sessions and clients when the database says they changed. */
    principalInvalidation: PrincipalInvalidation;
    rateLimiter: BatchedRateLimiter;
  }
  interface FastifyRequest {
    /** The cookie session behind this request, active or awaiting its TOTP step. */
    session?: SessionView;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes outside these prefixes (the console's files, health, the contract) need no access rule. */
const guardedPrefixes = ['/v1/', '/oauth/'];

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Who is calling, and may they? Staff present a session cookie (and a CSRF token on writes);
 * machines present a bearer token. Every guarded route declares its access rule, and the rule
 * is checked before validation or the handler runs. Object-level checks are the services'.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    await app.register(cookie);
    const kek = resolveKeyEncryptionKey(config);
    if (kek.note) app.log.warn(kek.note);
    // Sign-in, tokens, the token endpoint and resolving a caller run before anyone is acting: they read the app's clock.
    const clock = () => app.clock();
    const tokens = new TokenService(app.dbClient.db, config.ACCESS_TOKEN_TTL_SECONDS, kek.key, clock);
    app.decorate('tokenService', tokens);
    app.decorate('authService', new AuthService(app.dbClient.db, config, clock));
    app.decorate('clientService', new ClientService(app.dbClient.db, tokens, config, clock));

    // Session and bearer checks answered from memory for a few seconds, emptied by NOTIFY on change.
    const invalidation = new PrincipalInvalidation({ connection: app.dbClient.pool.options, log: app.log });
    app.decorate('principalInvalidation', invalidation);
    if (config.PRINCIPAL_CACHE_MS > 0 && config.PRINCIPAL_CACHE_MAX > 0) {
      const live = () => invalidation.listening;
      app.authService.useCache({
        rows: invalidation.register(new ExpiringLru(config.PRINCIPAL_CACHE_MAX, config.PRINCIPAL_CACHE_MS)),
        live,
      });
      // A bearer token is kept for its lifetime (or until its client changes).
      app.clientService.useCache({
        tokens: invalidation.register(
          new ExpiringLru(config.PRINCIPAL_CACHE_MAX, config.ACCESS_TOKEN_TTL_SECONDS * 1000),
        ),
        live,
      });
      // Connects at the first request, so building the app (the contract, `app.ready()`) opens nothing.
      let started = false;
      app.addHook('onRequest', (_request, _reply, done) => {
        if (started) return done();
        started = true;
        invalidation.start().then(() => done(), done);
      });
    }
    app.addHook('onClose', async () => invalidation.stop());
    // Every caller's per-minute budget, shared by all instances, written in batches (auth/rate-limiter.ts).
    const limiter = new BatchedRateLimiter(app.dbClient.pool, config.RATE_LIMIT_FLUSH_MS);
    app.decorate('rateLimiter', limiter);
    app.addHook('onClose', async () => limiter.stop());

    app.decorate('guardedRoutes', new Set<string>());
    app.decorate('routePermissions', new Map<string, Permission>());
    app.addHook('onRoute', (route) => {
      const guarded = guardedPrefixes.some((p) => route.url.startsWith(p));
      const access = (route.config as { access?: { public?: boolean; permission?: Permission } } | undefined)?.access;
      if (guarded && !access) throw new Error(`${route.method} ${route.url} has no access rule (config.access)`);
      if (access && !access.public) {
        for (const method of [route.method].flat()) {
          app.guardedRoutes.add(`${method} ${route.url}`);
          if (access.permission) app.routePermissions.set(`${method} ${route.url}`, access.permission);
        }
      }
    });

    app.addHook('onRequest', async (request, reply) => {
      const access = request.routeOptions.config?.access;
      if (!access) return;
      const token = bearerToken(request);
      let limit = config.USER_RATE_LIMIT_PER_MINUTE;
      if (token) {
        const client = await app.clientService.resolve(token);
        if (!client) throw unauthenticated();
        const { rateLimitPerMinute, ...principal } = client;
        request.principal = principal;
        limit = rateLimitPerMinute;
      } else {
        const cookieToken = request.cookies[SESSION_COOKIE];
        const session = cookieToken ? await app.authService.resolve(cookieToken) : null;
        if (session) {
          request.session = session;
          if (session.session.state === 'active') request.principal = session.principal;
        }
        // Cookies ride along on cross-site requests; a write must also prove it came from our page.
        // (A session still awaiting its TOTP step can do nothing a forged request could abuse.)
        if (session?.session.state === 'active' && unsafeMethods.has(request.method)) {
          const sent = request.headers['x-csrf-token'];
          if (typeof sent !== 'string' || !safeEqual(sent, session.session.csrfToken)) {
            throw new AppProblem(
              403,
              'csrf_failed',
              'Forbidden',
              'The request did not carry this session’s CSRF token.',
            );
          }
        }
      }
      if (access.public) return;
      if (!request.principal) throw unauthenticated();
      // Every caller has a per-minute budget, shared by all instances through the database.
      const actor =
        request.principal.kind === 'client'
          ? `client:${request.principal.clientId}`
          : `user:${request.principal.userId}`;
      const decision = await limiter.take(actor, limit);
      reply.header('ratelimit-limit', String(limit));
      reply.header('ratelimit-remaining', String(decision.remaining));
      reply.header('ratelimit-reset', String(decision.resetSeconds));
      if (!decision.allowed) {
        throw new AppProblem(
          429,
          'rate_limited',
          'Too many requests',
          `At most ${limit} requests a minute.`,
          undefined,
          {
            'retry-after': String(decision.retryAfterSeconds),
          },
        );
      }
      if (access.permission && !request.principal.permissions.has(access.permission)) {
        // Refusals are part of the trail: who tried what, and that it was denied.
        await request.audit({
          action: 'access.denied',
          resourceType: 'route',
          resourceId: `${request.method} ${request.routeOptions.url}`,
          outcome: 'denied',
        });
        const principal = request.principal;
        if (
          principal.kind === 'client' &&
          principal.clientKind === 'partner' &&
          hiddenFromPartners(access.permission)
        ) {
          throw notFound();
        }
        throw forbidden();
      }
    });
  },
  { name: 'auth', dependencies: ['db', 'problem', 'actor'] },
);

/** Removes expired rows the sign-in and rate-limit machinery leaves behind (idempotent, so every instance may run it). */
export async function purgeAuthLeftovers(app: FastifyInstance): Promise<void> {
  await app.authService.purgeExpired();
  await app.dbClient.db.execute(
    sql`delete from rate_limit_counters where window_start < now() - interval '10 minutes'`,
  );
  // A bucket untouched for ten minutes is full again: forgetting it changes nothing.
  await app.dbClient.db.execute(sql`delete from rate_limit_buckets where updated_at < now() - interval '10 minutes'`);
  await app.dbClient.db.execute(
    sql`delete from sign_in_throttle where first_failure_at < now() - interval '1 day' and (blocked_until is null or blocked_until < now())`,
  );
}

/** Purges auth leftovers every few minutes, off the request path. */
export function startAuthHousekeeping(app: FastifyInstance, everyMs = 5 * 60_000): Worker {
  return startPeriodicWorker(app, {
    name: 'auth-housekeeping',
    everyMs,
    work: () => purgeAuthLeftovers(app),
    failure: 'auth housekeeping failed',
    atStart: false,
  });
}
