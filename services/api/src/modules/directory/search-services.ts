import type { Database } from '@threefold/db';
import { invalidField } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { resolvePostcode } from './postcodes.js';
import { directoryRepository } from './repository.js';
import { searchServiceIds, type DirectoryQuery, type Point, type Weekday } from './search.repository.js';
import { serviceView } from './views.js';

export interface ServiceSearchInput {
  q?: string | undefined;
  termId?: string | undefined;
  taxonomyId?: string | undefined;
  organisationId?: string | undefined;
  postcode?: string | undefined;
  radiusKm?: number | undefined;
  day?: Weekday | undefined;
  time?: string | undefined;
  age?: number | undefined;
  status?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/**
 * The console's directory search: everything given must match; near a postcode, nearest first
 * (5 km unless said), placed at its outward code's centre when the postcode itself is not loaded.
 */
export class DirectorySearch {
  constructor(private readonly db: Database) {}

  async search(query: ServiceSearchInput) {
    const db = this.db;
    const limit = query.limit ?? 20;
    const [offset] = decodeCursor<[number]>(query.cursor, 1) ?? [0];
    if (!Number.isInteger(offset) || offset < 0 || offset > 100_000)
      throw invalidField('cursor', 'is not a valid cursor', 'query');
    let near: Point | null = null;
    if (query.postcode) near = await resolvePostcode(db, query.postcode, 'postcode');
    const q: DirectoryQuery = {
      text: query.q,
      termId: query.termId,
      taxonomyId: query.taxonomyId,
      organisationId: query.organisationId,
      age: query.age,
      day: query.day,
      openAt: query.time,
      status: query.status,
      near: near ? { ...near, radiusKm: query.radiusKm ?? 5 } : undefined,
      limit: limit + 1,
      offset,
    };
    const hits = await searchServiceIds(db, q);
    const page = hits.slice(0, limit);
    const graphs = await directoryRepository.serviceGraphs(
      db,
      page.map((h) => h.id),
      true,
    );
    const distance = new Map(page.map((h) => [h.id, h.distanceKm]));
    return {
      items: graphs.map((g) => serviceView(g, near ? (distance.get(g.service.id) ?? null) : undefined)),
      total: hits[0]?.total ?? 0,
      nextCursor: hits.length > limit ? encodeCursor([offset + limit]) : null,
      near: near ? { latitude: near.latitude, longitude: near.longitude, resolution: near.resolution } : null,
    };
  }
}
