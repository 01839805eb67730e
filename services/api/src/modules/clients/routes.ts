import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { etagOf, expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { PageQuery } from '../../platform/pagination.js';
import { IdParams, IfMatchHeader, Strict, problems, ref } from '../../schemas/common.js';
import {
  MachineClient,
  MachineClientChanges,
  MachineClientPage,
  MachineClientWithSecret,
  NewMachineClient,
  SigningKeyRotation,
  TokenRequest,
  TokenResponse,
} from './schemas.js';

function basicCredentials(header: string | undefined): { id?: string; secret?: string } {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (!match) return {};
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

export const oauthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // RFC 6749 token requests are form-encoded; JSON is accepted too.
  await app.register(formbody);
  app.post(
    '/oauth/token',
    {
      config: { access: { public: true } },
      schema: {
        operationId: 'issueAccessToken',
        tags: ['oauth'],
        summary: 'Get an access token (OAuth 2.0 client credentials)',
        description:
          'RFC 6749 §4.4. Authenticate with HTTP Basic or `client_id`/`client_secret` in the body. The token is a short-lived ' +
          'bearer token carrying the granted scopes. Errors are problem documents whose `code` is `oauth_<error>`.',
        security: [{ clientBasic: [] }],
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: ref(TokenRequest),
        response: { 200: ref(TokenResponse), ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const basic = basicCredentials(request.headers.authorization);
      reply.header('cache-control', 'no-store');
      return app.clientService.issueToken(
        basic.id ?? request.body.client_id,
        basic.secret ?? request.body.client_secret,
        request.body.scope,
        request.ip,
      );
    },
  );
};

export const clientAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['administration'];
  const access = { permission: 'admin:clients' as const };

  app.get(
    '/v1/admin/clients',
    {
      config: { access },
      schema: {
        operationId: 'listMachineClients',
        tags,
        summary: 'Machine clients',
        description: 'Council systems and partner organisations that may call the API.',
        querystring: Strict(PageQuery),
        response: { 200: ref(MachineClientPage), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => app.clientService.list(request.actor, request.query.limit ?? 50, request.query.cursor),
  );

  app.post(
    '/v1/admin/clients',
    {
      config: { access },
      schema: {
        operationId: 'createMachineClient',
        tags,
        summary: 'Register a machine client',
        description:
          'Creates a council or partner client and returns its secret, once. A partner client is bound to one organisation.',
        body: ref(NewMachineClient),
        response: { 201: ref(MachineClientWithSecret), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const created = await app.clientService.create(request.actor, request.body);
      reply.code(201).header('etag', etagOf(created.client.id, created.client.version));
      return created;
    },
  );

  app.get(
    '/v1/admin/clients/:id',
    {
      config: { access },
      schema: {
        operationId: 'getMachineClient',
        tags,
        summary: 'A machine client',
        description: 'One client, with its ETag for updates.',
        params: IdParams,
        response: { 200: ref(MachineClient), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const client = await app.clientService.get(request.actor, request.params.id);
      return sendWithEtag(reply, client.id, client.version, client);
    },
  );

  app.patch(
    '/v1/admin/clients/:id',
    {
      config: { access },
      schema: {
        operationId: 'updateMachineClient',
        tags,
        summary: 'Change a machine client',
        description: 'Rename, change scopes or rate limit, or disable. Needs `If-Match` with the ETag you read.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(MachineClientChanges),
        response: { 200: ref(MachineClient), ...problems(400, 401, 403, 404, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request, request.params.id);
      const client = await app.clientService.update(request.actor, request.params.id, expected, request.body);
      return sendWithEtag(reply, client.id, client.version, client);
    },
  );

  app.post(
    '/v1/admin/clients/:id/secret',
    {
      config: { access },
      schema: {
        operationId: 'rotateMachineClientSecret',
        tags,
        summary: 'Rotate a machine client’s secret',
        description:
          'Issues a new secret (shown once). The previous one keeps working for the configured grace period.',
        params: IdParams,
        response: { 200: ref(MachineClientWithSecret), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => app.clientService.rotateSecret(request.actor, request.params.id),
  );

  app.post(
    '/v1/admin/token-signing-keys/rotation',
    {
      config: { access },
      schema: {
        operationId: 'rotateTokenSigningKey',
        tags,
        summary: 'Rotate the access-token signing key',
        description:
          'New access tokens are signed with a new key (encrypted at rest like the old one); tokens signed with the old key ' +
          'keep working until they expire, then the old key verifies nothing.',
        response: { 200: ref(SigningKeyRotation), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => app.clientService.rotateSigningKey(request.actor),
  );
};
