import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { IdParams, IfMatchHeader, problems, ref, Strict, StringEnum } from '../../schemas/common.js';
import {
  NewOrganisation,
  NewService,
  NewTaxonomy,
  NewTerm,
  Organisation,
  OrganisationChanges,
  OrganisationList,
  PostcodeImport,
  PostcodeImportResult,
  Service,
  ServiceChanges,
  ServicePage,
  ServiceSearchQuery,
  Taxonomy,
  TaxonomyList,
  Term,
} from './schemas.js';
import { DirectoryService } from './service.js';

const tags = ['directory'];
const read = { permission: 'directory:read' as const };
const write = { permission: 'directory:write' as const };

export const directoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new DirectoryService(app.dbClient.db);

  app.get(
    '/v1/directory/services',
    {
      config: { access: read },
      schema: {
        operationId: 'searchDirectoryServices',
        tags,
        summary: 'Search the community directory',
        description:
          'By words (`q`), taxonomy term or taxonomy, distance from a postcode (`postcode`, `radiusKm`; nearest first), open on a ' +
          'day (and at a time), and an age served. Everything given must match. A postcode not in the practice’s postcode table ' +
          'is placed at the centre of its outward code (`near.resolution: outcode`); one whose outward code is unknown too is `400 postcode_unknown`.',
        querystring: ServiceSearchQuery,
        response: { 200: ref(ServicePage), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => service.search(request.query),
  );

  app.post(
    '/v1/directory/services',
    {
      config: { access: write },
      schema: {
        operationId: 'createDirectoryService',
        tags,
        summary: 'Add a service to the directory',
        description:
          'With its taxonomy terms, locations (new or existing), contacts, opening times, eligibility and cost.',
        body: ref(NewService),
        response: { 201: ref(Service), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const created = await service.createService(request.body, (tx, e) => request.auditInTx(tx, e));
      sendWithEtag(reply, created.id, created.version, created);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/v1/directory/services/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getDirectoryService',
        tags,
        summary: 'A directory service',
        description: 'Everything about it, including the practice’s own notes, with its ETag.',
        params: IdParams,
        response: { 200: ref(Service), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const found = await service.service(request.params.id);
      return sendWithEtag(reply, found.id, found.version, found);
    },
  );

  app.patch(
    '/v1/directory/services/:id',
    {
      config: { access: write },
      schema: {
        operationId: 'updateDirectoryService',
        tags,
        summary: 'Change a directory service',
        description: 'Needs `If-Match`. Lists sent (terms, locations, contacts, schedules) replace the current ones.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(ServiceChanges),
        response: { 200: ref(Service), ...problems(400, 401, 403, 404, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const updated = await service.updateService(
        request.params.id,
        expectedVersion(request, request.params.id),
        request.body,
        (tx, e) => request.auditInTx(tx, e),
      );
      return sendWithEtag(reply, updated.id, updated.version, updated);
    },
  );

  app.get(
    '/v1/directory/organisations',
    {
      config: { access: read },
      schema: {
        operationId: 'listDirectoryOrganisations',
        tags,
        summary: 'Organisations in the directory',
        description: 'By name; `kind=partner` lists the partners who work with the practice through the API.',
        querystring: Strict({ kind: Type.Optional(StringEnum(['partner', 'community'] as const)) }),
        response: { 200: ref(OrganisationList), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => ({ items: await service.organisations(request.query.kind) }),
  );

  app.post(
    '/v1/directory/organisations',
    {
      config: { access: write },
      schema: {
        operationId: 'createDirectoryOrganisation',
        tags,
        summary: 'Add an organisation',
        description: 'A community organisation, or a partner (which can then be given an API client bound to it).',
        body: ref(NewOrganisation),
        response: { 201: ref(Organisation), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const created = await service.createOrganisation(request.body, (tx, e) => request.auditInTx(tx, e));
      sendWithEtag(reply, created.id, created.version, created);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/v1/directory/organisations/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getDirectoryOrganisation',
        tags,
        summary: 'An organisation',
        description: 'With its ETag.',
        params: IdParams,
        response: { 200: ref(Organisation), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const found = await service.organisation(request.params.id);
      return sendWithEtag(reply, found.id, found.version, found);
    },
  );

  app.patch(
    '/v1/directory/organisations/:id',
    {
      config: { access: write },
      schema: {
        operationId: 'updateDirectoryOrganisation',
        tags,
        summary: 'Change an organisation',
        description: 'Needs `If-Match`.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(OrganisationChanges),
        response: { 200: ref(Organisation), ...problems(400, 401, 403, 404, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const updated = await service.updateOrganisation(
        request.params.id,
        expectedVersion(request, request.params.id),
        request.body,
        (tx, e) => request.auditInTx(tx, e),
      );
      return sendWithEtag(reply, updated.id, updated.version, updated);
    },
  );

  app.get(
    '/v1/directory/taxonomies',
    {
      config: { access: read },
      schema: {
        operationId: 'listDirectoryTaxonomies',
        tags,
        summary: 'Taxonomies and their terms',
        description: 'Every taxonomy the directory uses, each with its terms.',
        response: { 200: ref(TaxonomyList), ...problems(400, 401, 403, 429) },
      },
    },
    async () => ({ items: await service.taxonomies() }),
  );

  app.post(
    '/v1/directory/taxonomies',
    {
      config: { access: write },
      schema: {
        operationId: 'createDirectoryTaxonomy',
        tags,
        summary: 'Add a taxonomy',
        description: 'Names must be unique (`409 taxonomy_exists`).',
        body: ref(NewTaxonomy),
        response: { 201: ref(Taxonomy), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const created = await service.createTaxonomy(request.body, (tx, e) => request.auditInTx(tx, e));
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/v1/directory/taxonomies/:id/terms',
    {
      config: { access: write },
      schema: {
        operationId: 'createDirectoryTaxonomyTerm',
        tags,
        summary: 'Add a term to a taxonomy',
        description: 'Optionally under a parent term of the same taxonomy.',
        params: IdParams,
        body: ref(NewTerm),
        response: { 201: ref(Term), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const created = await service.createTerm(request.params.id, request.body, (tx, e) => request.auditInTx(tx, e));
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/v1/directory/postcodes',
    {
      config: { access: write },
      schema: {
        operationId: 'importDirectoryPostcodes',
        tags,
        summary: 'Load postcode centroids (CSV)',
        description:
          'The directory finds services near a postcode without any outside service: load postcode centroids (for example ' +
          'from the ONS Postcode Directory) as CSV. Each bad line is refused with `400 csv_invalid` naming it; nothing is loaded then.',
        body: ref(PostcodeImport),
        response: { 200: ref(PostcodeImportResult), ...problems(400, 401, 403, 413, 429) },
      },
    },
    async (request) => service.importPostcodes(request.body.csv, (tx, e) => request.auditInTx(tx, e)),
  );
};
