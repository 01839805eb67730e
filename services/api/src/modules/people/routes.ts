import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../auth/principal.js';
import { etagOf, expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { PageQuery } from '../../platform/pagination.js';
import { IdParams, IfMatchHeader, Strict, problems, ref } from '../../schemas/common.js';
import {
  MergeRequest,
  NewPerson,
  NewRelationship,
  Person,
  PersonChanges,
  PersonHistory,
  PersonMerge,
  PersonSearchPage,
  RelationshipList,
  Relationship,
  SubjectAccessRecord,
} from './schemas.js';
import { PeopleService, personView } from './service.js';

const tags = ['people'];
const ReasonHeader = Type.Object({
  'x-access-reason': Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 500,
      description: 'Why a restricted record is being opened (break glass); recorded in the audit trail.',
    }),
  ),
});

export const peopleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new PeopleService(app.dbClient.db);

  app.post(
    '/v1/people',
    {
      config: { access: { permission: 'people:write' }, idempotent: true },
      schema: {
        operationId: 'createPerson',
        tags,
        summary: 'Record a person',
        description:
          'Checks the NHS number (modulus 11), postcode shape and dates. A person who likely duplicates an existing record is ' +
          'refused with `409 possible_duplicate` and the candidates; send `confirmNotDuplicate: true` once checked.',
        body: ref(NewPerson),
        response: { 201: ref(Person), ...problems(400, 401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const person = await service.create(request.body, principalOf(request), (tx, e) => request.auditInTx(tx, e));
      reply.code(201).header('etag', etagOf(person.id, person.version)).header('location', `/v1/people/${person.id}`);
      return person;
    },
  );

  app.get(
    '/v1/people',
    {
      config: { access: { permission: 'people:read' } },
      schema: {
        operationId: 'searchPeople',
        tags,
        summary: 'Find a person',
        description:
          'One search box: `q` may hold a name (typos and common nicknames tolerated, ranked by likeness), an NHS number, a date of ' +
          'birth (YYYY-MM-DD or DD/MM/YYYY) and a postcode, in any mix; or use the separate parameters. Restricted people are ' +
          'left out for colleagues without access.',
        querystring: Strict({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          nhsNumber: Type.Optional(Type.String({ maxLength: 13 })),
          dateOfBirth: Type.Optional(Type.String({ format: 'date', maxLength: 10 })),
          postcode: Type.Optional(Type.String({ maxLength: 10 })),
          ...PageQuery,
        }),
        response: { 200: ref(PersonSearchPage), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const page = await service.search({ ...request.query, limit: request.query.limit ?? 20 }, principal);
      await request.audit({ action: 'person.search', resourceType: 'person', resourceId: null });
      await service.recordDisclosure(
        page.items.map((p) => p.id),
        principal,
        'search result (name, date of birth, NHS number, postcode)',
      );
      return page;
    },
  );

  app.get(
    '/v1/people/:id',
    {
      config: { access: { permission: 'people:read' } },
      schema: {
        operationId: 'getPerson',
        tags,
        summary: 'A person’s record',
        description:
          'With its ETag for corrections. A restricted record needs `X-Access-Reason`; the reason is audited.',
        params: IdParams,
        headers: ReasonHeader,
        response: { 200: ref(Person), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const reason = request.headers['x-access-reason'];
      let row;
      try {
        row = await service.get(request.params.id, principal, reason);
      } catch (error) {
        await request.audit({
          action: 'person.read',
          resourceType: 'person',
          resourceId: request.params.id,
          personId: null,
          outcome: 'denied',
          reason: reason ?? null,
        });
        throw error;
      }
      await request.audit({
        action: 'person.read',
        resourceType: 'person',
        resourceId: row.id,
        personId: row.id,
        reason: reason ?? null,
      });
      await service.recordDisclosure(row.id, principal, 'person record');
      return sendWithEtag(reply, row.id, row.version, personView(row));
    },
  );

  app.patch(
    '/v1/people/:id',
    {
      config: { access: { permission: 'people:write' } },
      schema: {
        operationId: 'correctPerson',
        tags,
        summary: 'Correct a person’s record',
        description:
          'Needs `If-Match`. The previous version stays in the history with who changed it and why; organisations that received ' +
          'the record are told (`person.rectified`).',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(PersonChanges),
        response: { 200: ref(Person), ...problems(400, 401, 403, 404, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request, request.params.id);
      const person = await service.update(request.params.id, expected, request.body, principalOf(request), (tx, e) =>
        request.auditInTx(tx, e),
      );
      return sendWithEtag(reply, person.id, person.version, person);
    },
  );

  app.get(
    '/v1/people/:id/history',
    {
      config: { access: { permission: 'people:read' } },
      schema: {
        operationId: 'getPersonHistory',
        tags,
        summary: 'Every version of a person’s record',
        description: 'What the record said before each correction, who changed it and why.',
        params: IdParams,
        headers: ReasonHeader,
        response: { 200: ref(PersonHistory), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const row = await service.get(request.params.id, principalOf(request), request.headers['x-access-reason']);
      await request.audit({
        action: 'person.history.read',
        resourceType: 'person',
        resourceId: row.id,
        personId: row.id,
        reason: request.headers['x-access-reason'] ?? null,
      });
      return { items: await service.history(row.id) };
    },
  );

  app.get(
    '/v1/people/:id/relationships',
    {
      config: { access: { permission: 'people:read' } },
      schema: {
        operationId: 'listRelationships',
        tags,
        summary: 'A person’s relationships',
        description: 'Family, friends, neighbours, carers and the people they care for, read from this person’s side.',
        params: IdParams,
        headers: ReasonHeader,
        response: { 200: ref(RelationshipList), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const row = await service.get(request.params.id, principalOf(request), request.headers['x-access-reason']);
      await request.audit({
        action: 'person.relationships.read',
        resourceType: 'person',
        resourceId: row.id,
        personId: row.id,
      });
      return { items: await service.relationshipsOf(row.id) };
    },
  );

  app.post(
    '/v1/people/:id/relationships',
    {
      config: { access: { permission: 'people:write' } },
      schema: {
        operationId: 'addRelationship',
        tags,
        summary: 'Relate two people',
        description:
          'Recorded on both sides: “Ann is the unpaid carer of Bob” also shows on Bob as “cared for by Ann”.',
        params: IdParams,
        body: ref(NewRelationship),
        response: { 201: ref(Relationship), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const rel = await service.relate(
        request.params.id,
        request.body.relatedPersonId,
        request.body.type,
        request.body.isMainCarer ?? false,
        principalOf(request),
      );
      await request.audit({
        action: 'person.relationship.create',
        resourceType: 'relationship',
        resourceId: rel.id,
        personId: request.params.id,
      });
      return reply.code(201).send(rel);
    },
  );

  app.post(
    '/v1/people/:id/merge',
    {
      config: { access: { permission: 'people:merge' } },
      schema: {
        operationId: 'mergePeople',
        tags,
        summary: 'Merge a duplicate into this person',
        description:
          'Every record of the duplicate (contacts, concerns, relationships) then points at this person; both histories are kept, ' +
          'and an administrator can undo it (`POST /v1/people/merges/{id}/undo`).',
        params: IdParams,
        body: ref(MergeRequest),
        response: { 200: ref(PersonMerge), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const merge = await service.merge(request.params.id, request.body.duplicateId, principalOf(request));
      await request.audit({
        action: 'person.merge',
        resourceType: 'person_merge',
        resourceId: merge.id,
        personId: merge.survivorId,
      });
      await request.audit({
        action: 'person.merge',
        resourceType: 'person_merge',
        resourceId: merge.id,
        personId: merge.mergedId,
      });
      return merge;
    },
  );

  app.post(
    '/v1/people/merges/:id/undo',
    {
      config: { access: { permission: 'people:merge' } },
      schema: {
        operationId: 'undoPersonMerge',
        tags,
        summary: 'Undo a merge',
        description: 'Puts every moved record back on the duplicate and revives it.',
        params: IdParams,
        response: { 200: ref(PersonMerge), ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const merge = await service.undoMerge(request.params.id, principalOf(request));
      await request.audit({
        action: 'person.merge.undo',
        resourceType: 'person_merge',
        resourceId: merge.id,
        personId: merge.mergedId,
      });
      return merge;
    },
  );

  app.get(
    '/v1/people/:id/record',
    {
      config: { access: { permission: 'people:export' } },
      schema: {
        operationId: 'exportPersonRecord',
        tags,
        summary: 'Everything held about a person (subject access request)',
        description:
          'The record, its history, relationships, contacts, concerns, merges, everyone it was shared with, and every recorded access.',
        params: IdParams,
        response: { 200: ref(SubjectAccessRecord), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const record = await service.subjectAccess(request.params.id);
      await request.audit({
        action: 'person.export',
        resourceType: 'person',
        resourceId: request.params.id,
        personId: request.params.id,
      });
      return record;
    },
  );
};
