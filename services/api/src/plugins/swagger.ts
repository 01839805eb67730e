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

export const swaggerPlugin = fp(
  async (app: FastifyInstance, opts: { serveUi: boolean }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: apiInfo,
        servers: [{ url: '/', description: 'This Threefold instance' }],
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
    app.get(
      '/openapi.json',
      {
        schema: { hide: true },
      },
      async (_request, reply) => reply.type('application/json').send(app.swagger()),
    );
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
