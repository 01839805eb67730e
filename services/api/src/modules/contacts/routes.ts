import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../auth/principal.js';
import { IdParams, problems, ref } from '../../schemas/common.js';
import { Contact, ContactOutcomeRequest, ContactPage, ContactQuery, NewContact } from './schemas.js';
import { ContactService } from './service.js';

const tags = ['contacts'];

export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new ContactService(app.dbClient.db);

  app.post(
    '/v1/contacts',
    {
      config: { access: { permission: 'contacts:write' }, idempotent: true },
      schema: {
        operationId: 'recordContact',
        tags,
        summary: 'Record a contact at the front door',
        description:
          'Names the person (`personId`) or describes them (`person`: found by NHS number, then by name and date of birth, else ' +
          'recorded). The outcome may be given at once. Council systems send `Idempotency-Key`. Emits `contact.created` ' +
          '(and `contact.resolved` with an outcome).',
        body: ref(NewContact),
        response: { 201: ref(Contact), ...problems(400, 401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const contact = await service.create(request.body, principalOf(request), (tx, e) => request.auditInTx(tx, e));
      return reply.code(201).header('location', `/v1/contacts/${contact.id}`).send(contact);
    },
  );

  app.get(
    '/v1/contacts',
    {
      config: { access: { permission: 'contacts:read' } },
      schema: {
        operationId: 'listContacts',
        tags,
        summary: 'Contacts',
        description:
          'Newest first, filtered by period, team, person, outcome (`none` = still open) and source; keyset pages.',
        querystring: ContactQuery,
        response: { 200: ref(ContactPage), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const page = await service.list(principalOf(request).permissions.has('people:restricted'), {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
      await request.audit({
        action: 'contact.list',
        resourceType: 'contact',
        resourceId: null,
        personId: request.query.personId ?? null,
      });
      return page;
    },
  );

  app.get(
    '/v1/contacts/:id',
    {
      config: { access: { permission: 'contacts:read' } },
      schema: {
        operationId: 'getContact',
        tags,
        summary: 'A contact',
        description: 'One contact with its outcome.',
        params: IdParams,
        response: { 200: ref(Contact), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const contact = await service.get(request.params.id, principalOf(request).permissions.has('people:restricted'));
      await request.audit({
        action: 'contact.read',
        resourceType: 'contact',
        resourceId: contact.id,
        personId: contact.personId,
      });
      return contact;
    },
  );

  app.post(
    '/v1/contacts/:id/outcome',
    {
      config: { access: { permission: 'contacts:write' } },
      schema: {
        operationId: 'recordContactOutcome',
        tags,
        summary: 'Record what came of a contact',
        description:
          'Once per contact. A safeguarding concern outcome raises a concern for the safeguarding lead. Emits `contact.resolved`.',
        params: IdParams,
        body: ref(ContactOutcomeRequest),
        response: { 200: ref(Contact), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) =>
      service.recordOutcome(request.params.id, request.body, principalOf(request), (tx, e) => request.auditInTx(tx, e)),
  );
};
