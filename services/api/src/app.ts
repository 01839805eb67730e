import { randomUUID } from 'node:crypto';
import type { DbClient } from '@threefold/db';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { auditPlugin, type AuditPluginOptions } from './audit/plugin.js';
import type { Config } from './config.js';
import { loggerOptions } from './logger.js';
import { authPlugin } from './plugins/auth.js';
import { consolePlugin } from './plugins/console.js';
import { idempotencyPlugin } from './plugins/idempotency.js';
import { dbPlugin } from './plugins/db.js';
import { lifecyclePlugin } from './plugins/lifecycle.js';
import { problemPlugin, sendProblem } from './plugins/problem.js';
import { answerClientError, answerFrameworkError } from './plugins/framework-errors.js';
import { routeContractPlugin } from './plugins/route-contract.js';
import { installTextGuard, installValidators } from './plugins/validation.js';
import { securityPlugin } from './plugins/security.js';
import { lazySerializerFactory } from './plugins/lazy-schemas.js';
import { swaggerPlugin } from './plugins/swagger.js';
import { commonSchemas } from './schemas/common.js';
import { modules } from './modules/index.js';
import { actorPlugin } from './platform/actor.js';

export interface BuildAppOptions {
  config: Config;
  db: DbClient;
  /** The streaming replica's pool (`DATABASE_REPLICA_URL`) for practice data, the returns and search. */
  replica?: DbClient | undefined;
  /** Override the logger (tests pass a stream to read what is logged). */
  logger?: FastifyServerOptions['logger'];
  /** Simulated overload for tests of under-pressure. */
  pressureCheck?: () => Promise<boolean> | boolean;
  /** Audit writer tuning; `enabled: false` is for benchmarks only (production always audits). */
  audit?: AuditPluginOptions;
  /** The API's one clock (`request.actor.now()`, `app.clock`); tests fix it. */
  now?: () => Date;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Every schema with an `$id`: shared with Ajv and published as OpenAPI components. */
const allSchemas = [...commonSchemas, ...modules.flatMap((m) => m.schemas)];

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    // A caller's request id is kept when it is well-formed, so traces join up across systems.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // Probes hit the health routes every few seconds; their lines would drown the rest.
      disableRequestLogging: (req) => (req.url ?? '').startsWith('/health/'),
    }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    return503OnClosing: false,
    // Slow senders (a body one byte at a time) are answered 408 and closed; see config.ts.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    connectionTimeout: config.CONNECTION_TIMEOUT_MS,
    // Node checks request deadlines every 30 s by default: too coarse for a timeout of seconds.
    http: {
      headersTimeout: Math.min(10_000, config.REQUEST_TIMEOUT_MS),
      connectionsCheckingInterval: Math.min(1000, config.REQUEST_TIMEOUT_MS),
    },
    // Router and HTTP-parser refusals leave as problem documents too, never echoing the URL.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    forceCloseConnections: 'idle',
    // Response serialisers are compiled at each route's first answer, not at start-up.
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The API speaks JSON only; anything else is an unsupported media type (415), not a string body.
  app.removeContentTypeParser(['text/plain']);

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  for (const schema of allSchemas) app.addSchema(schema);
  installValidators(app, allSchemas);
  installTextGuard(app);

  await app.register(problemPlugin);
  await app.register(lifecyclePlugin, { retryAfterSeconds: config.RETRY_AFTER_SECONDS });
  await app.register(securityPlugin, {
    config,
    ...(options.pressureCheck ? { pressureCheck: options.pressureCheck } : {}),
  });
  await app.register(dbPlugin, { client: options.db, replica: options.replica });
  await app.register(auditPlugin, options.audit ?? {});
  await app.register(actorPlugin, { clock: options.now ?? (() => new Date()) });
  await app.register(swaggerPlugin, { serveUi: true });
  await app.register(authPlugin, { config });
  await app.register(idempotencyPlugin, { leaseSeconds: config.IDEMPOTENCY_LEASE_SECONDS });
  await app.register(routeContractPlugin);

  // Workers start after the app is built and read the same settings the routes were given.
  app.decorate('config', config);
  for (const module of modules) await app.register(module.routes, { config });

  if (config.SERVE_CONSOLE) await app.register(consolePlugin, { root: config.CONSOLE_DIR });

  app.setNotFoundHandler((request, reply) => {
    const served = app.serveConsole?.(request, reply);
    if (served) return served;
    return sendProblem(request, reply, {
      status: 404,
      code: 'route_not_found',
      title: 'Not found',
      detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
    });
  });

  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The settings the app was built with (workers read their clocks' settings from it). */
    config: Config;
  }
}
