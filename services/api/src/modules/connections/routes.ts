import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ConnectionAction } from '@threefold/domain';
import type { TSchema } from 'typebox';
import { expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { IdParams, IfMatchHeader, problems, ref } from '../../schemas/common.js';
import {
  Accept,
  Complete,
  Connection,
  ConnectionListQuery,
  ConnectionPage,
  DeclineOrWithdraw,
  NewConnection,
} from './schemas.js';
import { ConnectionService } from './service.js';

const tags = ['connections'];
const read = { permission: 'connections:read' as const };
const write = { permission: 'connections:write' as const };

const steps: { action: ConnectionAction; body: TSchema; summary: string; description: string }[] = [
  {
    action: 'accept',
    body: Accept,
    summary: 'Accept a connection',
    description: 'The partner takes it on. Only an offered connection. Emits `connection.accepted` to the practice.',
  },
  {
    action: 'decline',
    body: DeclineOrWithdraw,
    summary: 'Decline a connection, with the reason',
    description: 'Only an offered connection. Emits `connection.declined` to the practice.',
  },
  {
    action: 'complete',
    body: Complete,
    summary: 'Complete a connection, with its outcome',
    description: 'Only an accepted connection. Emits `connection.completed` to the practice.',
  },
  {
    action: 'withdraw',
    body: DeclineOrWithdraw,
    summary: 'Withdraw a connection, with the reason',
    description:
      'The practice only (a partner is refused `409 connection_not_yours`), while offered or accepted. Emits `connection.withdrawn` to the partner.',
  },
];

export const connectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new ConnectionService(app.dbClient.db);

  app.post(
    '/v1/connections',
    {
      config: { access: { ...write, staffOnly: true } },
      schema: {
        operationId: 'createConnection',
        tags,
        summary: 'Connect a person to a service or partner organisation',
        description:
          'From a conversation. Needs the person’s consent to share (`consentToShare: true`) or a lawful reason to share without ' +
          'it (`lawfulOverrideReason`), else `422 consent_required`. Only what is given here is shared. Emits `connection.offered` ' +
          'to the organisation.',
        body: ref(NewConnection),
        response: { 201: ref(Connection), ...problems(400, 401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      const created = await service.create(request.actor, request.body);
      sendWithEtag(reply, created.id, created.version, created);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/v1/connections',
    {
      config: { access: read },
      schema: {
        operationId: 'listConnections',
        tags,
        summary: 'Connections, oldest change first',
        description:
          'A partner client lists only those addressed to its organisation, each as its projection; pull reliably with ' +
          '`updatedSince` (the last `updatedAt` you hold) and keyset pages (`cursor`). Colleagues filter by `personId` or `organisationId`.',
        querystring: ConnectionListQuery,
        response: { 200: ref(ConnectionPage), ...problems(400, 401, 403, 429) },
      },
    },
    (request) => service.list(request.actor, request.query),
  );

  app.get(
    '/v1/connections/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getConnection',
        tags,
        summary: 'A connection',
        description: 'With its ETag. Another organisation’s connection is `404` to a partner, as if it did not exist.',
        params: IdParams,
        response: { 200: ref(Connection), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const found = await service.get(request.actor, request.params.id);
      return sendWithEtag(reply, found.id, found.version, found);
    },
  );

  for (const step of steps) {
    app.post(
      `/v1/connections/:id/${step.action}`,
      {
        config: { access: write },
        schema: {
          operationId: `${step.action}Connection`,
          tags,
          summary: step.summary,
          description: `${step.description} Needs \`If-Match\`; a step the lifecycle does not allow is \`409\` with the rule in \`rules\`.`,
          params: IdParams,
          headers: IfMatchHeader,
          body: ref(step.body),
          response: { 200: ref(Connection), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
        },
      },
      async (request, reply) => {
        const updated = await service.move(
          request.actor,
          request.params.id,
          step.action,
          expectedVersion(request, request.params.id),
          request.body as { reason?: string; outcome?: string; note?: string },
        );
        return sendWithEtag(reply, updated.id, updated.version, updated);
      },
    );
  }
};
