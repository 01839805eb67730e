import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { clientScopes, permissionsOfScope } from '@threefold/domain';
import { modules } from '../modules/index.js';

function oauthScopes(): Record<string, string> {
  const scopes: Record<string, string> = {};
  for (const [kind, table] of Object.entries(clientScopes)) {
    for (const [scope, permission] of Object.entries(table)) {
      scopes[scope] = scopes[scope]
        ? `${scopes[scope]}; ${kind}`
        : `${permissionsOfScope(permission).join(', ')} (${kind}`;
    }
  }
  return Object.fromEntries(Object.entries(scopes).map(([s, d]) => [s, `${d})`]));
}

export const apiInfo = {
  title: 'Threefold API',
  version: '0.1.0',
  description:
    'The case system of an independent adult Social Work Practice: people, the front door, the three conversations, ' +
    'community connections, eligibility, personal budgets, safeguarding and statutory returns.\n\n' +
    'Every error is an RFC 9457 `application/problem+json` document with a stable `code`. ' +
    'Unknown body fields are rejected. Staff use a session cookie; council and partner systems use OAuth 2.0 client credentials.',
  contact: { name: 'Threefold practice support', email: 'support@threefold.invalid' },
  license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
};

function sortKeys<T extends Record<string, unknown>>(object: T | undefined): T | undefined {
  if (!object) return object;
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b))) as T;
}

/** The OpenAPI document with paths and components in a stable order, so the committed file diffs cleanly. */
export function stableOpenApi(app: FastifyInstance): Record<string, unknown> {
  const doc = structuredClone(app.swagger()) as unknown as Record<string, unknown> & {
    paths?: Record<string, unknown>;
    components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
  };
  documentRateLimits(app, doc);
  doc.paths = sortKeys(doc.paths);
  if (doc.components?.schemas) doc.components.schemas = sortKeys(doc.components.schemas);
  return doc;
}

const rateLimitHeaders = {
  'RateLimit-Limit': {
    description: 'Requests allowed per minute for this caller.',
    schema: { type: 'integer', minimum: 1, maximum: 1000000, format: 'int32' },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current minute.',
    schema: { type: 'integer', minimum: 0, maximum: 1000000, format: 'int32' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 1, maximum: 3600, format: 'int32' },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the current minute ends.',
    schema: { type: 'integer', minimum: 0, maximum: 60, format: 'int32' },
  },
};

/** Every guarded operation answers with the caller's rate-limit headers (2xx and 4xx alike). */
function documentRateLimits(
  app: FastifyInstance,
  doc: { paths?: Record<string, unknown>; components?: Record<string, unknown> },
) {
  if (!doc.components) doc.components = {};
  doc.components.headers = rateLimitHeaders;
  const refs = Object.fromEntries(
    Object.keys(rateLimitHeaders)
      .filter((h) => h !== 'Retry-After')
      .map((h) => [h, { $ref: `#/components/headers/${h}` }]),
  );
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const fastifyPath = path.replace(/\{([^}]+)\}/g, ':$1');
    for (const [method, op] of Object.entries(
      item as Record<string, { responses?: Record<string, { headers?: object }> }>,
    )) {
      if (!app.guardedRoutes?.has(`${method.toUpperCase()} ${fastifyPath}`)) continue;
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (/^[24]/.test(status)) response.headers = { ...response.headers, ...refs };
        if (status === '429')
          response.headers = { ...response.headers, 'Retry-After': { $ref: '#/components/headers/Retry-After' } };
      }
    }
  }
}

export function serialiseOpenApi(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export const swaggerPlugin = fp(
  async (app: FastifyInstance, opts: { serveUi: boolean }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: apiInfo,
        servers: [
          // `x-internal: false`: the contract is for council and partner systems, not only our console.
          {
            url: '/',
            description: 'This Threefold instance (production, or local when run on a workstation)',
            ...{ 'x-internal': false },
          },
        ],
        tags: modules.flatMap((m) => m.tags),
        components: {
          securitySchemes: {
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: 'tf_session',
              description: 'Staff session; writes also need the `x-csrf-token` header.',
            },
            oauth: {
              type: 'oauth2',
              description:
                'Council and partner systems: client credentials, then `Authorization: Bearer <token>`. Access tokens are JWTs ' +
                'issued and checked as RFC8725 advises: one algorithm (HS256), typed `at+jwt`, issuer, audience and expiry always verified.',
              flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: oauthScopes() } },
            },
            clientBasic: {
              type: 'http',
              scheme: 'basic',
              description: 'client_id and client_secret, at the token endpoint only.',
            },
          },
        },
      },
      // Components are named by their TypeBox `$id`, never `def-0`.
      refResolver: {
        buildLocalReference(json: { $id?: unknown }, _baseUri: unknown, _fragment: unknown, i: number) {
          return typeof json.$id === 'string' ? json.$id : `Schema${i}`;
        },
      },
    });
    let published: string | undefined;
    app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
      published ??= serialiseOpenApi(stableOpenApi(app));
      return reply.type('application/json').send(published);
    });
    if (opts.serveUi) {
      await app.register(swaggerUi, {
        routePrefix: '/docs',
        staticCSP: true,
        uiConfig: { deepLinking: true, docExpansion: 'list', defaultModelsExpandDepth: 0 },
      });
    }
  },
  { name: 'swagger' },
);
