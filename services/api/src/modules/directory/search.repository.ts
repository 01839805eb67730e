import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@threefold/db';

export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof weekdays)[number];

export interface Point {
  latitude: number;
  longitude: number;
  /** How the point was found: the postcode itself, or its outward code's centre. */
  resolution: 'postcode' | 'outcode';
}

/** What a directory search can ask; every part is optional and they combine with AND. */
export interface DirectoryQuery {
  text?: string | undefined;
  termId?: string | undefined;
  taxonomyId?: string | undefined;
  organisationId?: string | undefined;
  /** Services whose age range includes this age. */
  age?: number | undefined;
  day?: Weekday | undefined;
  /** 'HH:MM' — open at this time (on `day` when given). */
  openAt?: string | undefined;
  /** Open Referral UK's own filters, with the profile's meaning. */
  openReferral?: OpenReferralBounds | undefined;
  near?: (Point & { radiusKm: number }) | undefined;
  modifiedAfter?: string | undefined;
  /** Only services with this status (Open Referral publishes active ones by default). */
  status?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * Open Referral UK's filters as the UK profile words them (uk-profile openapi.json,
 * components.parameters): `minimum_age` "services with a minimum age of at least the specified
 * value", `maximum_age` "a maximum age … equal to or below", `start_time` "a start time of at
 * least", `end_time` "an end time … equal to or below", `day` "a day equal to". A service
 * without the field has no such value, so it does not match a filter on it.
 */
export interface OpenReferralBounds {
  minimumAge?: number | undefined;
  maximumAge?: number | undefined;
  day?: Weekday | undefined;
  /** 'HH:MM' */
  startTime?: string | undefined;
  /** 'HH:MM' */
  endTime?: string | undefined;
}

/** The conditions on a service `s` that Open Referral's filters `b` set. */
export function openReferralBoundsSql(b: OpenReferralBounds): SQL[] {
  const where: SQL[] = [];
  if (b.minimumAge !== undefined) where.push(sql`s.minimum_age >= ${b.minimumAge}`);
  if (b.maximumAge !== undefined) where.push(sql`s.maximum_age <= ${b.maximumAge}`);
  if (b.day || b.startTime || b.endTime) {
    const parts: SQL[] = [sql`sc.service_id = s.id`];
    if (b.day) parts.push(sql`sc.weekday = ${b.day}`);
    if (b.startTime) parts.push(sql`sc.opens_at >= ${b.startTime}::time`);
    if (b.endTime) parts.push(sql`sc.closes_at <= ${b.endTime}::time`);
    where.push(sql`exists (select 1 from service_schedules sc where ${sql.join(parts, sql` and `)})`);
  }
  return where;
}

export interface SearchHit {
  id: string;
  distanceKm: number | null;
  total: number;
}

/** Kilometres in a degree of latitude. */
const KM_PER_DEGREE = 111.045;

/** Great-circle distance (haversine) in km from a point to the coordinates of location `l`. */
export function distanceSql(lat: number, lng: number): SQL {
  return sql`(6371.0 * 2 * asin(least(1.0, sqrt(
    power(sin(radians(l.latitude - ${lat}::float8) / 2), 2) +
    cos(radians(${lat}::float8)) * cos(radians(l.latitude)) * power(sin(radians(l.longitude - ${lng}::float8) / 2), 2)
  ))))`;
}

/** The latitude and longitude either side of a point that a radius can reach: the index narrows locations to this box. */
export function boundingBox(lat: number, radiusKm: number): { dLat: number; dLng: number } {
  return {
    dLat: radiusKm / KM_PER_DEGREE,
    dLng: radiusKm / (KM_PER_DEGREE * Math.max(0.01, Math.cos((lat * Math.PI) / 180))),
  };
}

/**
 * One query for every directory search (the console's and Open Referral's): text through the
 * full-text index, the rest as EXISTS filters, distance by haversine on locations first
 * narrowed by a bounding box on their (latitude, longitude) index. Plain SQL, so it runs on any
 * PostgreSQL 15+ (no PostGIS or earthdistance needed).
 */
export async function searchServiceIds(db: DbOrTx, q: DirectoryQuery): Promise<SearchHit[]> {
  const where: SQL[] = [sql`true`];
  const text = q.text?.trim();
  const tsQuery = text ? sql`websearch_to_tsquery('english', ${text})` : null;
  if (text) {
    where.push(
      sql`(s.search_document @@ ${tsQuery} or lower(s.name) like ${`%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`,
    );
  }
  if (q.termId) {
    where.push(
      sql`exists (select 1 from service_taxonomy_terms st where st.service_id = s.id and st.term_id = ${q.termId})`,
    );
  }
  if (q.taxonomyId) {
    where.push(sql`exists (select 1 from service_taxonomy_terms st join taxonomy_terms tt on tt.id = st.term_id
      where st.service_id = s.id and tt.taxonomy_id = ${q.taxonomyId})`);
  }
  if (q.organisationId) where.push(sql`s.organisation_id = ${q.organisationId}`);
  if (q.status) where.push(sql`s.status = ${q.status}`);
  if (q.age !== undefined) {
    where.push(
      sql`(s.minimum_age is null or s.minimum_age <= ${q.age}) and (s.maximum_age is null or s.maximum_age >= ${q.age})`,
    );
  }
  if (q.day || q.openAt) {
    const parts: SQL[] = [sql`sc.service_id = s.id`];
    if (q.day) parts.push(sql`sc.weekday = ${q.day}`);
    if (q.openAt) parts.push(sql`sc.opens_at <= ${q.openAt}::time and sc.closes_at > ${q.openAt}::time`);
    where.push(sql`exists (select 1 from service_schedules sc where ${sql.join(parts, sql` and `)})`);
  }
  if (q.openReferral) where.push(...openReferralBoundsSql(q.openReferral));
  if (q.modifiedAfter) where.push(sql`s.updated_at > ${q.modifiedAfter}::timestamptz`);

  let distance: SQL = sql`null::float8`;
  let from: SQL = sql`directory_services s`;
  if (q.near) {
    const { latitude: lat, longitude: lng, radiusKm } = q.near;
    const { dLat, dLng } = boundingBox(lat, radiusKm);
    // Driven from the locations in the bounding box (its index), nearest location per service;
    // the other filters then only look at the services found there.
    from = sql`(
      select sal.service_id, min(${distanceSql(lat, lng)}) as km
      from directory_locations l join service_at_locations sal on sal.location_id = l.id
      where l.latitude between ${lat - dLat}::float8 and ${lat + dLat}::float8
        and l.longitude between ${lng - dLng}::float8 and ${lng + dLng}::float8
      group by sal.service_id
    ) d join directory_services s on s.id = d.service_id`;
    distance = sql`d.km`;
    where.push(sql`d.km <= ${radiusKm}::float8`);
  }
  const order = q.near
    ? sql`d.km asc, s.name asc, s.id asc`
    : tsQuery
      ? sql`ts_rank(s.search_document, ${tsQuery}) desc, s.name asc, s.id asc`
      : sql`s.name asc, s.id asc`;

  const result = await db.execute<{ id: string; distance_km: number | null; total: number }>(sql`
    select s.id, ${distance} as distance_km, count(*) over ()::int as total
    from ${from}
    where ${sql.join(where, sql` and `)}
    order by ${order}
    limit ${q.limit} offset ${q.offset}`);
  return result.rows.map((r) => ({ id: r.id, distanceKm: r.distance_km, total: r.total }));
}

/** How many services a search matches when the page asked for is past the end (count(*) over () has no row then). */
export async function countServices(db: DbOrTx, q: DirectoryQuery): Promise<number> {
  const hits = await searchServiceIds(db, { ...q, limit: 1, offset: 0 });
  return hits[0]?.total ?? 0;
}
