import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
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
import { PersonMerges } from './merges.js';
import { PersonRecords } from './records.js';
import { Relationships } from './relationships.js';
import { PeopleSearch } from './search.js';
import { SubjectAccess } from './subject-access.js';

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
  const db = app.dbClient.db;
  const records = new PersonRecords(db);
  // Search reads from the replica when there is one; creating a person (its duplicate check
  // included, which guards the write) stays on the primary.
  const search = new PeopleSearch(db, app.readDbClient.db);
  const relationships = new Relationships(db);
  const merges = new PersonMerges(db);
  const subjectAccess = new SubjectAccess(db);

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
      const person = await records.create(request.actor, request.body);
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
    (request) => search.find(request.actor, { ...request.query, limit: request.query.limit ?? 20 }),
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
      const person = await records.open(request.actor, request.params.id, request.headers['x-access-reason']);
      return sendWithEtag(reply, person.id, person.version, person);
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
      const person = await records.correct(request.actor, request.params.id, expected, request.body);
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
    (request) => records.history(request.actor, request.params.id, request.headers['x-access-reason']),
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
    (request) => relationships.list(request.actor, request.params.id, request.headers['x-access-reason']),
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
      const rel = await relationships.relate(request.actor, request.params.id, {
        relatedPersonId: request.body.relatedPersonId,
        type: request.body.type,
        isMainCarer: request.body.isMainCarer ?? false,
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
    (request) => merges.merge(request.actor, request.params.id, request.body.duplicateId),
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
    (request) => merges.undo(request.actor, request.params.id),
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
    (request) => subjectAccess.export(request.actor, request.params.id),
  );
};
