import { randomUUID } from 'node:crypto';
import type { DbClient } from '@threefold/db';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { auditPlugin, type AuditPluginOptions } from './audit/plugin.js';
import type { Config } from './config.js';
import { loggerOptions } from './logger.js';
import { auditRoutes } from './modules/audit/routes.js';
import { budgetRoutes } from './modules/budgets/routes.js';
import { budgetSchemas } from './modules/budgets/schemas.js';
import { auditSchemas } from './modules/audit/schemas.js';
import { returnsRoutes } from './modules/returns/routes.js';
import { returnsSchemas } from './modules/returns/schemas.js';
import { insightsRoutes } from './modules/insights/routes.js';
import { insightsSchemas } from './modules/insights/schemas.js';
import { healthRoutes } from './modules/health/routes.js';
import { healthSchemas } from './modules/health/schemas.js';
import { webhookRoutes } from './modules/webhooks/routes.js';
import { webhookSchemas } from './modules/webhooks/schemas.js';
import { authRoutes } from './modules/auth/routes.js';
import { contactRoutes } from './modules/contacts/routes.js';
import { conversationRoutes } from './modules/conversations/routes.js';
import { conversationSchemas } from './modules/conversations/schemas.js';
import { connectionRoutes } from './modules/connections/routes.js';
import { connectionSchemas } from './modules/connections/schemas.js';
import { directoryRoutes } from './modules/directory/routes.js';
import { directorySchemas } from './modules/directory/schemas.js';
import { openReferralApi } from './modules/open-referral/plugin.js';
import { eligibilityRoutes } from './modules/eligibility/routes.js';
import { eligibilitySchemas } from './modules/eligibility/schemas.js';
import { referenceRoutes } from './modules/reference/routes.js';
import { referenceSchemas } from './modules/reference/schemas.js';
import { contactSchemas } from './modules/contacts/schemas.js';
import { peopleRoutes } from './modules/people/routes.js';
import { safeguardingRoutes } from './modules/safeguarding/routes.js';
import { safeguardingSchemas } from './modules/safeguarding/schemas.js';
import { peopleSchemas } from './modules/people/schemas.js';
import { authSchemas } from './modules/auth/schemas.js';
import { clientAdminRoutes, oauthRoutes } from './modules/clients/routes.js';
import { clientSchemas } from './modules/clients/schemas.js';
import { staffRoutes } from './modules/staff/routes.js';
import { staffSchemas } from './modules/staff/schemas.js';
import { authPlugin } from './plugins/auth.js';
import { consolePlugin } from './plugins/console.js';
import { idempotencyPlugin } from './plugins/idempotency.js';
import { dbPlugin } from './plugins/db.js';
import { lifecyclePlugin } from './plugins/lifecycle.js';
import { problemPlugin, sendProblem } from './plugins/problem.js';
import { answerClientError, answerFrameworkError } from './plugins/framework-errors.js';
import { installTextGuard, installValidators } from './plugins/validation.js';
import { securityPlugin } from './plugins/security.js';
import { swaggerPlugin } from './plugins/swagger.js';
import { commonSchemas } from './schemas/common.js';

export interface BuildAppOptions {
  config: Config;
  db: DbClient;
  /** Override the logger (tests pass a stream to read what is logged). */
  logger?: FastifyServerOptions['logger'];
  /** Simulated overload for tests of under-pressure. */
  pressureCheck?: () => Promise<boolean> | boolean;
  /** Audit writer tuning; `enabled: false` is for benchmarks only (production always audits). */
  audit?: AuditPluginOptions;
  /** The clock deadlines are read against (safeguarding decision clocks); tests fix it. */
  now?: () => Date;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Every schema with an `$id`: shared with Ajv and published as OpenAPI components. */
const allSchemas = [
  ...commonSchemas,
  ...healthSchemas,
  ...authSchemas,
  ...clientSchemas,
  ...staffSchemas,
  ...peopleSchemas,
  ...contactSchemas,
  ...conversationSchemas,
  // ── module schemas (one line each) ──
  ...directorySchemas,
  ...connectionSchemas,
  ...safeguardingSchemas,
  ...eligibilitySchemas,
  ...referenceSchemas,
  ...budgetSchemas,
  ...insightsSchemas,
  ...returnsSchemas,
  ...auditSchemas,
  ...webhookSchemas,
  // ── end of module schemas ──
];

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
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The API speaks JSON only; anything else is an unsupported media type (415), not a string body.
  app.removeContentTypeParser(['text/plain']);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
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
  await app.register(dbPlugin, { client: options.db });
  await app.register(auditPlugin, options.audit ?? {});
  await app.register(swaggerPlugin, { serveUi: true });
  await app.register(authPlugin, { config });
  await app.register(idempotencyPlugin, { leaseSeconds: config.IDEMPOTENCY_LEASE_SECONDS });

  await app.register(healthRoutes);
  await app.register(authRoutes, { config });
  await app.register(oauthRoutes);
  await app.register(clientAdminRoutes);
  await app.register(staffRoutes);
  // ── module routes (one line each; keep this block sorted) ──
  await app.register(connectionRoutes);
  await app.register(directoryRoutes);
  await app.register(openReferralApi, { perMinute: config.OPEN_REFERRAL_RATE_LIMIT_PER_MINUTE });
  await app.register(eligibilityRoutes);
  await app.register(referenceRoutes);
  await app.register(budgetRoutes);
  await app.register(contactRoutes);
  await app.register(conversationRoutes, { config });
  await app.register(insightsRoutes, { config });
  await app.register(peopleRoutes);
  await app.register(returnsRoutes, { config });
  await app.register(safeguardingRoutes, { config, now: options.now });
  await app.register(auditRoutes);
  await app.register(webhookRoutes, { config });
  // ── end of module routes ──

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
