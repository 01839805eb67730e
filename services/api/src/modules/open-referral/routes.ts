import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '@threefold/db';
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { AppProblem } from '../../errors.js';
import { IdParams, problems, ref } from '../../schemas/common.js';
import { directoryRepository, type ServiceGraph } from '../directory/repository.js';
import { resolvePostcode, searchServiceIds, type Point } from '../directory/search.js';
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

export const OPEN_REFERRAL_PREFIX = '/open-referral';
const tags = ['open-referral'];
const access = { public: true };

export interface OpenReferralOptions {
  /** Requests a minute from one IP address. */
  perMinute: number;
  /** false in the main app: Open Referral publishes its own contract (openapi/open-referral.json). */
  publish: boolean;
  /** Add the ORUK component schemas in this (encapsulated) scope. */
  addSchemas: boolean;
}

type Row = Record<string, unknown>;
const hhmm = (t: string) => t.slice(0, 5);
const notFound = (what: string) => new AppProblem(404, 'not_found', 'Not found', `No such ${what}.`);

function envelope<T>(contents: T[], total: number, page: number, perPage: number) {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

function location(l: ServiceGraph['locations'][number]) {
  return {
    id: l.id,
    name: l.name,
    description: l.description,
    latitude: l.latitude,
    longitude: l.longitude,
    addresses:
      l.addressLine1 || l.postcode
        ? [{ address_1: l.addressLine1 ?? '', city: l.town ?? '', postal_code: l.postcode ?? '', country: 'GB' }]
        : [],
  };
}

function term(t: ServiceGraph['terms'][number]) {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    description: t.description,
    parent_id: t.parentId,
    taxonomy_id: t.taxonomyId,
    vocabulary: null,
  };
}

/** A service as Open Referral UK publishes it: public fields only (the practice's notes stay home). */
export function orService(g: ServiceGraph, distanceKm?: number | null) {
  const s = g.service;
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    url: s.url,
    email: s.email,
    status: s.status,
    eligibility_description: s.eligibilityDescription,
    minimum_age: s.minimumAge,
    maximum_age: s.maximumAge,
    last_modified: s.updatedAt.toISOString(),
    organization: {
      id: g.organisation.id,
      name: g.organisation.name,
      description: g.organisation.description,
      email: g.organisation.email,
      website: g.organisation.website,
      phones: g.organisation.phone ? [{ number: g.organisation.phone }] : [],
    },
    contacts: g.contacts.map((c) => ({
      id: c.id,
      name: c.name,
      title: c.title,
      email: c.email,
      phones: c.phone ? [{ number: c.phone }] : [],
    })),
    cost_options:
      s.costPence === null
        ? []
        : [
            {
              id: s.id,
              amount: s.costPence / 100,
              currency: 'GBP' as const,
              option: s.costOption,
              amount_description: s.costDescription,
            },
          ],
    schedules: g.schedules.map((x) => ({
      id: x.id,
      freq: 'WEEKLY' as const,
      byday: x.weekday,
      opens_at: hhmm(x.opensAt),
      closes_at: hhmm(x.closesAt),
      description: x.description,
    })),
    service_at_locations: g.locations.map((l) => ({ id: l.serviceAtLocationId, location: location(l) })),
    taxonomy_terms: g.terms.map(term),
    ...(distanceKm !== undefined ? { distance: distanceKm === null ? null : Math.round(distanceKm * 1000) } : {}),
  };
}

/** Requests this minute from one address, counted in the database so every instance shares the limit. */
async function countRequest(db: Database, key: string) {
  const result = await db.execute<{ count: number; window_start: string }>(sql`
    insert into rate_limit_counters (key, window_start, count) values (${key}, date_trunc('minute', now()), 1)
    on conflict (key, window_start) do update set count = rate_limit_counters.count + 1
    returning count, window_start::text`);
  const row = result.rows[0]!;
  return {
    count: row.count,
    resetSeconds: Math.max(1, Math.ceil((new Date(row.window_start).getTime() + 60_000 - Date.now()) / 1000)),
  };
}

async function near(db: Database, postcode: string | undefined, metres: number | undefined) {
  if (!postcode) return undefined;
  const point: Point = await resolvePostcode(db, postcode, 'postcode');
  return { ...point, radiusKm: (metres ?? 8000) / 1000 };
}

export const openReferralRoutes: FastifyPluginAsyncTypebox<OpenReferralOptions> = async (app, options) => {
  const db = app.dbClient.db;
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
    const { count, resetSeconds } = await countRequest(db, `oruk-ip:${request.ip}`);
    reply.header('ratelimit-limit', String(options.perMinute));
    reply.header('ratelimit-remaining', String(Math.max(0, options.perMinute - count)));
    reply.header('ratelimit-reset', String(resetSeconds));
    if (count > options.perMinute) {
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
    async () => ({
      version: '3.0',
      profile: 'https://openreferraluk.org/profile/uk',
      openapi_url: `${OPEN_REFERRAL_PREFIX}/openapi.json`,
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
          'Filtered by words (`search`), taxonomy term or taxonomy, age range (`minimum_age`, `maximum_age`: services whose range overlaps), ' +
            'open on a `day` between `start_time` and `end_time`, within `proximity` metres of a `postcode` (nearest first, with `distance`), ' +
            'and changed after `modified_after`. Paged with `page` and `per_page`.',
          false,
          OrServicePage,
        ),
        querystring: ServicesQuery,
      },
    },
    async (request) => {
      const q = request.query;
      const page = q.page ?? 1;
      const perPage = q.per_page ?? 50;
      const around = await near(db, q.postcode, q.proximity);
      const hits = await searchServiceIds(db, {
        text: q.search,
        termId: q.taxonomy_term_id,
        taxonomyId: q.taxonomy_id,
        minimumAge: q.minimum_age,
        maximumAge: q.maximum_age,
        day: q.day,
        startTime: q.start_time,
        endTime: q.end_time,
        near: around,
        modifiedAfter: q.modified_after,
        limit: perPage,
        offset: (page - 1) * perPage,
      });
      const total =
        hits[0]?.total ??
        (page > 1
          ? ((
              await searchServiceIds(db, {
                text: q.search,
                limit: 1,
                offset: 0,
                termId: q.taxonomy_term_id,
                taxonomyId: q.taxonomy_id,
                minimumAge: q.minimum_age,
                maximumAge: q.maximum_age,
                day: q.day,
                startTime: q.start_time,
                endTime: q.end_time,
                near: around,
                modifiedAfter: q.modified_after,
              })
            )[0]?.total ?? 0)
          : 0);
      const graphs = await directoryRepository.serviceGraphs(
        db,
        hits.map((h) => h.id),
        true,
      );
      const distance = new Map(hits.map((h) => [h.id, h.distanceKm]));
      return envelope(
        graphs.map((g) => orService(g, around ? (distance.get(g.service.id) ?? null) : undefined)),
        total,
        page,
        perPage,
      );
    },
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
    async (request) => {
      const [graph] = await directoryRepository.serviceGraphs(db, [request.params.id], true);
      if (!graph) throw notFound('service');
      return orService(graph);
    },
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
    async (request) => {
      const page = request.query.page ?? 1;
      const perPage = request.query.per_page ?? 50;
      const rows = await db.execute<Row>(sql`
        select id, name, description, uri, version, count(*) over ()::int as total
        from taxonomies order by name, id limit ${perPage} offset ${(page - 1) * perPage}`);
      const total =
        (rows.rows[0]?.total as number | undefined) ??
        (await countOf(db, sql`select count(*)::int as n from taxonomies`));
      return envelope(
        rows.rows.map(({ total: _t, ...r }) => r),
        total,
        page,
        perPage,
      );
    },
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
    async (request) => {
      const rows = await db.execute<Row>(
        sql`select id, name, description, uri, version from taxonomies where id = ${request.params.id}`,
      );
      if (!rows.rows[0]) throw notFound('taxonomy');
      return rows.rows[0];
    },
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
    async (request) => {
      const q = request.query;
      const page = q.page ?? 1;
      const perPage = q.per_page ?? 50;
      const where: SQL[] = [sql`true`];
      if (q.taxonomy_id) where.push(sql`taxonomy_id = ${q.taxonomy_id}`);
      if (q.search) where.push(sql`name ilike ${`%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
      const rows = await db.execute<Row>(sql`
        select id, code, name, description, parent_id, taxonomy_id, null as vocabulary, count(*) over ()::int as total
        from taxonomy_terms where ${sql.join(where, sql` and `)} order by name, id limit ${perPage} offset ${(page - 1) * perPage}`);
      const total =
        (rows.rows[0]?.total as number | undefined) ??
        (await countOf(db, sql`select count(*)::int as n from taxonomy_terms where ${sql.join(where, sql` and `)}`));
      return envelope(
        rows.rows.map(({ total: _t, ...r }) => r),
        total,
        page,
        perPage,
      );
    },
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
    async (request) => {
      const rows = await db.execute<Row>(sql`
        select t.id, t.code, t.name, t.description, t.parent_id, t.taxonomy_id, null as vocabulary,
          json_build_object('id', x.id, 'name', x.name, 'description', x.description, 'uri', x.uri, 'version', x.version) as taxonomy_detail
        from taxonomy_terms t join taxonomies x on x.id = t.taxonomy_id where t.id = ${request.params.id}`);
      if (!rows.rows[0]) throw notFound('taxonomy term');
      return rows.rows[0];
    },
  );

  app.get(
    `${OPEN_REFERRAL_PREFIX}/service_at_locations`,
    {
      config: { access },
      schema: {
        ...doc(
          'listOpenReferralServiceAtLocations',
          'Services at their locations',
          'Each service at each place it is delivered, filtered like `/services` (words, taxonomy, distance from a postcode, changed after).',
          false,
          OrServiceAtLocationPage,
        ),
        querystring: ServiceAtLocationsQuery,
      },
    },
    async (request) => {
      const q = request.query;
      const page = q.page ?? 1;
      const perPage = q.per_page ?? 50;
      const around = await near(db, q.postcode, q.proximity);
      const where: SQL[] = [sql`true`];
      if (q.search) {
        where.push(sql`(s.search_document @@ websearch_to_tsquery('english', ${q.search})
          or lower(s.name) like ${`%${q.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`);
      }
      if (q.taxonomy_term_id)
        where.push(
          sql`exists (select 1 from service_taxonomy_terms st where st.service_id = s.id and st.term_id = ${q.taxonomy_term_id})`,
        );
      if (q.taxonomy_id)
        where.push(sql`exists (select 1 from service_taxonomy_terms st join taxonomy_terms tt on tt.id = st.term_id
          where st.service_id = s.id and tt.taxonomy_id = ${q.taxonomy_id})`);
      if (q.modified_after) where.push(sql`greatest(s.updated_at, l.updated_at) > ${q.modified_after}::timestamptz`);
      let distance = sql`null::float8`;
      if (around) {
        const dLat = around.radiusKm / 111.045;
        const dLng = around.radiusKm / (111.045 * Math.max(0.01, Math.cos((around.latitude * Math.PI) / 180)));
        distance = sql`(6371.0 * 2 * asin(least(1.0, sqrt(power(sin(radians(l.latitude - ${around.latitude}::float8) / 2), 2) +
          cos(radians(${around.latitude}::float8)) * cos(radians(l.latitude)) * power(sin(radians(l.longitude - ${around.longitude}::float8) / 2), 2)))))`;
        where.push(sql`l.latitude between ${around.latitude - dLat}::float8 and ${around.latitude + dLat}::float8`);
        where.push(sql`l.longitude between ${around.longitude - dLng}::float8 and ${around.longitude + dLng}::float8`);
        where.push(sql`${distance} <= ${around.radiusKm}::float8`);
      }
      const from = sql`from service_at_locations sal
        join directory_services s on s.id = sal.service_id
        join directory_locations l on l.id = sal.location_id
        where ${sql.join(where, sql` and `)}`;
      const rows = await db.execute<{
        id: string;
        service_id: string;
        location_id: string;
        km: number | null;
        total: number;
      }>(sql`
        select sal.id, sal.service_id, sal.location_id, ${distance} as km, count(*) over ()::int as total
        ${from}
        order by ${around ? sql`km asc,` : sql``} s.name, sal.id
        limit ${perPage} offset ${(page - 1) * perPage}`);
      const graphs = await directoryRepository.serviceGraphs(
        db,
        [...new Set(rows.rows.map((r) => r.service_id))],
        true,
      );
      const byService = new Map(graphs.map((g) => [g.service.id, g]));
      const contents = rows.rows.flatMap((r) => {
        const g = byService.get(r.service_id);
        const l = g?.locations.find((x) => x.id === r.location_id);
        if (!g || !l) return [];
        return [
          {
            id: r.id,
            service: {
              id: g.service.id,
              name: g.service.name,
              description: g.service.description,
              status: g.service.status,
              organization: { id: g.organisation.id, name: g.organisation.name },
            },
            location: location(l),
            ...(around ? { distance: r.km === null ? null : Math.round(r.km * 1000) } : {}),
          },
        ];
      });
      const total = rows.rows[0]?.total ?? (page > 1 ? await countOf(db, sql`select count(*)::int as n ${from}`) : 0);
      return envelope(contents, total, page, perPage);
    },
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
    async (request) => {
      const rows = await db.execute<{ service_id: string; location_id: string }>(
        sql`select service_id, location_id from service_at_locations where id = ${request.params.id}`,
      );
      const row = rows.rows[0];
      if (!row) throw notFound('service at location');
      const [g] = await directoryRepository.serviceGraphs(db, [row.service_id], true);
      const l = g!.locations.find((x) => x.id === row.location_id)!;
      return {
        id: request.params.id,
        service: {
          id: g!.service.id,
          name: g!.service.name,
          description: g!.service.description,
          status: g!.service.status,
          organization: { id: g!.organisation.id, name: g!.organisation.name },
        },
        location: location(l),
      };
    },
  );
};

async function countOf(db: Database, query: SQL): Promise<number> {
  const rows = await db.execute<{ n: number }>(query);
  return rows.rows[0]?.n ?? 0;
}
