import type { DbOrTx } from '@threefold/db';
import { sql, type SQL } from 'drizzle-orm';
import {
  boundingBox,
  distanceSql,
  openReferralBoundsSql,
  type OpenReferralBounds,
  type Point,
} from '../directory/search.repository.js';

/** A row as Open Referral publishes it (column names are ORUK's). */
export type OrRow = Record<string, unknown>;

export interface Page {
  limit: number;
  offset: number;
}

export interface TermFilter {
  taxonomyId?: string | undefined;
  /** Terms whose name contains this. */
  search?: string | undefined;
}

export interface ServiceAtLocationFilter {
  search?: string | undefined;
  termId?: string | undefined;
  taxonomyId?: string | undefined;
  /** Changed (the service or the location) after this instant. */
  modifiedAfter?: string | undefined;
  near?: (Point & { radiusKm: number }) | undefined;
  /** The profile's age, day and time filters, on the service. */
  bounds?: OpenReferralBounds | undefined;
}

export type ServiceAtLocationHit = {
  id: string;
  service_id: string;
  location_id: string;
  km: number | null;
  total: number;
};

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function termWhere(filter: TermFilter): SQL {
  const where: SQL[] = [sql`true`];
  if (filter.taxonomyId) where.push(sql`taxonomy_id = ${filter.taxonomyId}`);
  if (filter.search) where.push(sql`name ilike ${likePattern(filter.search)}`);
  return sql.join(where, sql` and `);
}

/** The distance from the point asked about (null when none was), and the rows of service_at_locations that match. */
function serviceAtLocationQuery(filter: ServiceAtLocationFilter): { distance: SQL; from: SQL } {
  const where: SQL[] = [sql`true`];
  if (filter.search) {
    where.push(sql`(s.search_document @@ websearch_to_tsquery('english', ${filter.search})
          or lower(s.name) like ${likePattern(filter.search.toLowerCase())})`);
  }
  if (filter.termId)
    where.push(
      sql`exists (select 1 from service_taxonomy_terms st where st.service_id = s.id and st.term_id = ${filter.termId})`,
    );
  if (filter.taxonomyId)
    where.push(sql`exists (select 1 from service_taxonomy_terms st join taxonomy_terms tt on tt.id = st.term_id
          where st.service_id = s.id and tt.taxonomy_id = ${filter.taxonomyId})`);
  if (filter.bounds) where.push(...openReferralBoundsSql(filter.bounds));
  if (filter.modifiedAfter)
    where.push(sql`greatest(s.updated_at, l.updated_at) > ${filter.modifiedAfter}::timestamptz`);
  let distance = sql`null::float8`;
  const around = filter.near;
  if (around) {
    const { dLat, dLng } = boundingBox(around.latitude, around.radiusKm);
    distance = distanceSql(around.latitude, around.longitude);
    where.push(sql`l.latitude between ${around.latitude - dLat}::float8 and ${around.latitude + dLat}::float8`);
    where.push(sql`l.longitude between ${around.longitude - dLng}::float8 and ${around.longitude + dLng}::float8`);
    where.push(sql`${distance} <= ${around.radiusKm}::float8`);
  }
  const from = sql`from service_at_locations sal
        join directory_services s on s.id = sal.service_id
        join directory_locations l on l.id = sal.location_id
        where ${sql.join(where, sql` and `)}`;
  return { distance, from };
}

async function countOf(db: DbOrTx, query: SQL): Promise<number> {
  const rows = await db.execute<{ n: number }>(query);
  return rows.rows[0]?.n ?? 0;
}

/**
 * Open Referral's reads of the directory, in ORUK's shape, and its per-address request counter.
 * Drizzle (`sql`) only; every method takes the handle to run on first.
 */
export const openReferralRepository = {
  /**
   * Counts one more request from `key` in the minute starting at `windowStartSeconds` (Unix time); the count so far.
   * Kept in the database so every instance shares the limit.
   */
  async countRequest(db: DbOrTx, key: string, windowStartSeconds: number): Promise<number> {
    const result = await db.execute<{ count: number }>(sql`
    insert into rate_limit_counters (key, window_start, count) values (${key}, to_timestamp(${windowStartSeconds}::bigint), 1)
    on conflict (key, window_start) do update set count = rate_limit_counters.count + 1
    returning count`);
    return result.rows[0]!.count;
  },

  /** A page of taxonomies by name, each row carrying the count of all of them (`total`). */
  async taxonomiesPage(db: DbOrTx, page: Page): Promise<(OrRow & { total: number })[]> {
    const rows = await db.execute<OrRow & { total: number }>(sql`
        select id, name, coalesce(description, '') as description, uri, version, count(*) over ()::int as total
        from taxonomies order by name, id limit ${page.limit} offset ${page.offset}`);
    return rows.rows;
  },

  async countTaxonomies(db: DbOrTx): Promise<number> {
    return countOf(db, sql`select count(*)::int as n from taxonomies`);
  },

  async taxonomy(db: DbOrTx, id: string): Promise<OrRow | null> {
    const rows = await db.execute<OrRow>(
      sql`select id, name, coalesce(description, '') as description, uri, version from taxonomies where id = ${id}`,
    );
    return rows.rows[0] ?? null;
  },

  /** A page of terms by name, each row carrying the count of all that match (`total`). */
  async termsPage(db: DbOrTx, filter: TermFilter, page: Page): Promise<(OrRow & { total: number })[]> {
    const rows = await db.execute<OrRow & { total: number }>(sql`
        select id, code, name, coalesce(description, '') as description, parent_id, taxonomy_id, count(*) over ()::int as total
        from taxonomy_terms where ${termWhere(filter)} order by name, id limit ${page.limit} offset ${page.offset}`);
    return rows.rows;
  },

  async countTerms(db: DbOrTx, filter: TermFilter): Promise<number> {
    return countOf(db, sql`select count(*)::int as n from taxonomy_terms where ${termWhere(filter)}`);
  },

  /** A term with its taxonomy (`taxonomy_detail`). */
  async termWithTaxonomy(db: DbOrTx, id: string): Promise<OrRow | null> {
    const rows = await db.execute<OrRow>(sql`
        select t.id, t.code, t.name, coalesce(t.description, '') as description, t.parent_id, t.taxonomy_id,
          json_build_object('id', x.id, 'name', x.name, 'description', x.description, 'uri', x.uri, 'version', x.version) as taxonomy_detail
        from taxonomy_terms t join taxonomies x on x.id = t.taxonomy_id where t.id = ${id}`);
    return rows.rows[0] ?? null;
  },

  /** A page of services at their locations: nearest first when near a point, else by service name. */
  async serviceAtLocationsPage(
    db: DbOrTx,
    filter: ServiceAtLocationFilter,
    page: Page,
  ): Promise<ServiceAtLocationHit[]> {
    const { distance, from } = serviceAtLocationQuery(filter);
    const rows = await db.execute<ServiceAtLocationHit>(sql`
        select sal.id, sal.service_id, sal.location_id, ${distance} as km, count(*) over ()::int as total
        ${from}
        order by ${filter.near ? sql`km asc,` : sql``} s.name, sal.id
        limit ${page.limit} offset ${page.offset}`);
    return rows.rows;
  },

  async countServiceAtLocations(db: DbOrTx, filter: ServiceAtLocationFilter): Promise<number> {
    return countOf(db, sql`select count(*)::int as n ${serviceAtLocationQuery(filter).from}`);
  },

  async serviceAtLocation(db: DbOrTx, id: string): Promise<{ service_id: string; location_id: string } | null> {
    const rows = await db.execute<{ service_id: string; location_id: string }>(
      sql`select service_id, location_id from service_at_locations where id = ${id}`,
    );
    return rows.rows[0] ?? null;
  },
};
