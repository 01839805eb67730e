import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { AppProblem } from '../../errors.js';
import { IdParams, problems, ref } from '../../schemas/common.js';
import {
  openReferralSchemas,
  OrApiInfo,
  OrService,
  OrServiceAtLocation,
  OrServiceAtLocationPage,
  OrServicePage,
  OrTaxonomy,
  OrTaxonomyPage,
  OrTaxonomyTerm,
  OrTaxonomyTermPage,
  ServiceAtLocationsQuery,
  ServicesQuery,
  TaxonomiesQuery,
  TaxonomyTermsQuery,
} from './schemas.js';
import { OpenReferral } from './service.js';

export const OPEN_REFERRAL_PREFIX = '/open-referral';
const tags = ['open-referral'];
const access = { public: true };

export interface OpenReferralOptions {
  /** Requests a minute from one IP address. */
  perMinute: number;
  /** Where partners reach the API (`PUBLIC_BASE_URL`); empty = the address the request came to. */
  publicBaseUrl?: string;
  /** false in the main app: Open Referral publishes its own contract (openapi/open-referral.json). */
  publish: boolean;
  /** Add the ORUK component schemas in this (encapsulated) scope. */
  addSchemas: boolean;
}

export const openReferralRoutes: FastifyPluginAsyncTypebox<OpenReferralOptions> = async (app, options) => {
  const openReferral = new OpenReferral(app.dbClient.db, options.perMinute);
  if (options.addSchemas) for (const schema of openReferralSchemas) app.addSchema(schema);
  const hide = !options.publish;
  const doc = (operationId: string, summary: string, description: string, one: boolean, ok: TSchema) => ({
    hide,
    operationId,
    tags,
    summary,
    description,
    // The main app does not publish these routes, so it carries no ORUK components: answers are
    // built field by field by the handlers below and sent as they are.
    ...(options.publish ? { response: { 200: ref(ok), ...problems(...(one ? [400, 404, 429] : [400, 429])) } } : {}),
  });

  // Public, for any web page or system: anyone may read it from a browser, no credentials involved.
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    const { limit, remaining, resetSeconds, refused } = await openReferral.throttle(request.ip, app.clock());
    reply.header('ratelimit-limit', String(limit));
    reply.header('ratelimit-remaining', String(remaining));
    reply.header('ratelimit-reset', String(resetSeconds));
    if (refused) {
      throw new AppProblem(
        429,
        'rate_limited',
        'Too many requests',
        `At most ${options.perMinute} requests a minute from one address.`,
        undefined,
        {
          'retry-after': String(resetSeconds),
        },
      );
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    // The staff CORS policy (credentials, named origins) does not apply to open data.
    reply.header('access-control-allow-origin', '*');
    reply.removeHeader('access-control-allow-credentials');
  });

  app.get(
    `${OPEN_REFERRAL_PREFIX}/`,
    {
      config: { access },
      schema: doc(
        'getOpenReferralInfo',
        'About this Open Referral UK API',
        'The ORUK version and profile, and where this API’s contract is.',
        false,
        OrApiInfo,
      ),
    },
    async (request) => ({
      version: '3.0',
      // The UK profile's home: its schemas, OpenAPI description and documentation.
      profile: 'https://github.com/openreferral/uk-profile',
      openapi_url: `${options.publicBaseUrl || `${request.protocol}://${request.host}`}${OPEN_REFERRAL_PREFIX}/openapi.json`,
    }),
  );

  app.get(
    `${OPEN_REFERRAL_PREFIX}/services`,
    {
      config: { access },
      schema: {
        ...doc(
          'listOpenReferralServices',
          'Services in the directory',
          'Filtered by words (`search`), taxonomy term or taxonomy, the UK profile’s `minimum_age` (at least), `maximum_age` ' +
            '(at most), `day`, `start_time` (opening at or after) and `end_time` (closing at or before), within `proximity` ' +
            'metres of a `postcode` (nearest first, with `distance`), and changed after `modified_after`. Paged with `page` and `per_page`.',
          false,
          OrServicePage,
        ),
        querystring: ServicesQuery,
      },
    },
    async (request) => openReferral.services(request.query),
  );

  app.get(
    `${OPEN_REFERRAL_PREFIX}/services/:id`,
    {
      config: { access },
      schema: {
        ...doc(
          'getOpenReferralService',
          'A service, fully nested',
          'With its organisation, contacts, cost, schedules, locations and taxonomy terms.',
          true,
          OrService,
        ),
        params: IdParams,
      },
    },
    async (request) => openReferral.service(request.params.id),
  );

  app.get(
    `${OPEN_REFERRAL_PREFIX}/taxonomies`,
    {
      config: { access },
      schema: {
        ...doc('listOpenReferralTaxonomies', 'Taxonomies', 'Every taxonomy the directory uses.', false, OrTaxonomyPage),
        querystring: TaxonomiesQuery,
      },
    },
    async (request) => openReferral.taxonomies(request.query),
  );

  app.get(
    `${OPEN_REFERRAL_PREFIX}/taxonomies/:id`,
    {
      config: { access },
      schema: {
        ...doc('getOpenReferralTaxonomy', 'A taxonomy', 'Its name, description, URI and version.', true, OrTaxonomy),
        params: IdParams,
      },
    },
    async (request) => openReferral.taxonomy(request.params.id),
  );

  app.get(
    `${OPEN_REFERRAL_PREFIX}/taxonomy_terms`,
    {
      config: { access },
      schema: {
        ...doc(
          'listOpenReferralTaxonomyTerms',
          'Taxonomy terms',
          'All terms, or one taxonomy’s (`taxonomy_id`), or those whose name contains `search`.',
          false,
          OrTaxonomyTermPage,
        ),
        querystring: TaxonomyTermsQuery,
      },
    },
    async (request) => openReferral.taxonomyTerms(request.query),
  );

  app.get(
    `${OPEN_REFERRAL_PREFIX}/taxonomy_terms/:id`,
    {
      config: { access },
      schema: {
        ...doc(
          'getOpenReferralTaxonomyTerm',
          'A taxonomy term',
          'With its taxonomy (`taxonomy_detail`).',
          true,
          OrTaxonomyTerm,
        ),
        params: IdParams,
      },
    },
    async (request) => openReferral.taxonomyTerm(request.params.id),
  );

  app.get(
    `${OPEN_REFERRAL_PREFIX}/service_at_locations`,
    {
      config: { access },
      schema: {
        ...doc(
          'listOpenReferralServiceAtLocations',
          'Services at their locations',
          'Each service at each place it is delivered, filtered like `/services` (words, taxonomy, age, day and time, distance from a postcode, changed after).',
          false,
          OrServiceAtLocationPage,
        ),
        querystring: ServiceAtLocationsQuery,
      },
    },
    async (request) => openReferral.serviceAtLocations(request.query),
  );

  app.get(
    `${OPEN_REFERRAL_PREFIX}/service_at_locations/:id`,
    {
      config: { access },
      schema: {
        ...doc(
          'getOpenReferralServiceAtLocation',
          'A service at a location',
          'The service (in brief) and the location.',
          true,
          OrServiceAtLocation,
        ),
        params: IdParams,
      },
    },
    async (request) => openReferral.serviceAtLocation(request.params.id),
  );
};
