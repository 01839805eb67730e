import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { etagOf, expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { IdParams, IfMatchHeader, problems, ref } from '../../schemas/common.js';
import {
  PracticeDetails,
  PracticeDetailsChanges,
  RasTable,
  RasTableChanges,
  RasVersionParams,
  UnitCost,
  UnitCostChanges,
  UnitCostList,
  UnitCostQuery,
} from './schemas.js';
import { PRACTICE_ETAG_ID, RAS_ETAG_ID, rasView, ReferenceService } from './service.js';

const tags = ['reference'];
const read = { permission: 'reference:read' as const };
const write = { permission: 'admin:reference' as const };

export const referenceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new ReferenceService(app.dbClient.db);

  app.get(
    '/v1/reference/practice',
    {
      config: { access: read },
      schema: {
        operationId: 'getPracticeDetails',
        tags,
        summary: 'The practice’s name, address and contact',
        description: 'What every written record given to a person is signed with. The ETag is what `PUT` needs.',
        response: { 200: ref(PracticeDetails), ...problems(400, 401, 403, 429) },
      },
    },
    async (_request, reply) => {
      const details = await service.practice();
      return sendWithEtag(reply, PRACTICE_ETAG_ID, details.version, details);
    },
  );

  app.put(
    '/v1/reference/practice',
    {
      config: { access: write },
      schema: {
        operationId: 'replacePracticeDetails',
        tags,
        summary: 'Change the practice’s name, address and contact',
        description:
          'Used from then on as the sender of every letter, record and plan. Needs `If-Match` (412 when another ' +
          'administrator saved first).',
        headers: IfMatchHeader,
        body: ref(PracticeDetailsChanges),
        response: { 200: ref(PracticeDetails), ...problems(400, 401, 403, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const details = await service.replacePractice(
        request.actor,
        expectedVersion(request, PRACTICE_ETAG_ID),
        request.body,
      );
      return sendWithEtag(reply, PRACTICE_ETAG_ID, details.version, details);
    },
  );

  app.get(
    '/v1/reference/ras',
    {
      config: { access: read },
      schema: {
        operationId: 'getResourceAllocationTable',
        tags,
        summary: 'The resource allocation table in use',
        description:
          'Points for each eligible need, the rate points turn into pence a week at, and the weekly cap. The ETag is what ' +
          '`PUT` needs in `If-Match`.',
        response: { 200: ref(RasTable), ...problems(400, 401, 403, 429) },
      },
    },
    async (_request, reply) => {
      const row = await service.currentRas();
      return sendWithEtag(reply, RAS_ETAG_ID, row.version, rasView(row));
    },
  );

  app.put(
    '/v1/reference/ras',
    {
      config: { access: write },
      schema: {
        operationId: 'replaceResourceAllocationTable',
        tags,
        summary: 'Change the resource allocation table',
        description:
          'Saves a new version; earlier versions are kept unchanged, so every determination still shows the table it used. ' +
          'Needs `If-Match` with the ETag of the version read (412 when another administrator saved first).',
        headers: IfMatchHeader,
        body: ref(RasTableChanges),
        response: { 200: ref(RasTable), ...problems(400, 401, 403, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const row = await service.replaceRas(request.actor, expectedVersion(request, RAS_ETAG_ID), request.body);
      return sendWithEtag(reply, RAS_ETAG_ID, row.version, rasView(row));
    },
  );

  app.get(
    '/v1/reference/ras/versions/:version',
    {
      config: { access: read },
      schema: {
        operationId: 'getResourceAllocationTableVersion',
        tags,
        summary: 'One version of the resource allocation table',
        description: 'As it stood when a determination used it.',
        params: RasVersionParams,
        response: { 200: ref(RasTable), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => rasView(await service.rasVersion(request.params.version)),
  );

  app.get(
    '/v1/reference/unit-costs',
    {
      config: { access: read },
      schema: {
        operationId: 'listUnitCosts',
        tags,
        summary: 'Reference unit costs',
        description: 'In use, by name; `includeRetired=true` lists retired ones too.',
        querystring: UnitCostQuery,
        response: { 200: ref(UnitCostList), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => ({ items: await service.unitCosts(request.query.includeRetired ?? false) }),
  );

  app.post(
    '/v1/reference/unit-costs',
    {
      config: { access: write },
      schema: {
        operationId: 'addUnitCost',
        tags,
        summary: 'Add a unit cost',
        description: 'Names are unique among the costs in use (409 `unit_cost_name_taken`).',
        body: ref(UnitCostChanges),
        response: { 201: ref(UnitCost), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const view = await service.addUnitCost(request.actor, request.body);
      reply.header('etag', etagOf(view.id, view.version));
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/v1/reference/unit-costs/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getUnitCost',
        tags,
        summary: 'A unit cost',
        description: 'With its ETag.',
        params: IdParams,
        response: { 200: ref(UnitCost), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const view = await service.unitCost(request.params.id);
      return sendWithEtag(reply, view.id, view.version, view);
    },
  );

  app.put(
    '/v1/reference/unit-costs/:id',
    {
      config: { access: write },
      schema: {
        operationId: 'changeUnitCost',
        tags,
        summary: 'Change a unit cost',
        description: 'Needs `If-Match`. A retired cost cannot change (409 `unit_cost_retired`).',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(UnitCostChanges),
        response: { 200: ref(UnitCost), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const view = await service.changeUnitCost(
        request.actor,
        request.params.id,
        expectedVersion(request, request.params.id),
        request.body,
      );
      return sendWithEtag(reply, view.id, view.version, view);
    },
  );

  app.delete(
    '/v1/reference/unit-costs/:id',
    {
      config: { access: write },
      schema: {
        operationId: 'retireUnitCost',
        tags,
        summary: 'Retire a unit cost',
        description:
          'It stops being offered but is kept, so plan lines priced from it keep their meaning. Needs `If-Match`.',
        params: IdParams,
        headers: IfMatchHeader,
        response: { 200: ref(UnitCost), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const view = await service.retireUnitCost(
        request.actor,
        request.params.id,
        expectedVersion(request, request.params.id),
      );
      return sendWithEtag(reply, view.id, view.version, view);
    },
  );
};
