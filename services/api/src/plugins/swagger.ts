import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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
  doc.paths = sortKeys(doc.paths);
  if (doc.components?.schemas) doc.components.schemas = sortKeys(doc.components.schemas);
  return doc;
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
        tags: [{ name: 'health', description: 'Liveness and readiness for load balancers and orchestrators.' }],
        components: {},
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
