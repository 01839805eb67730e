import type { Database } from '@threefold/db';
import type { Static } from 'typebox';
import { AppProblem } from '../../errors.js';
import { resolvePostcode } from '../directory/postcodes.js';
import { directoryRepository } from '../directory/repository.js';
import {
  countServices,
  searchServiceIds,
  type DirectoryQuery,
  type OpenReferralBounds,
} from '../directory/search.repository.js';
import { openReferralRepository, type ServiceAtLocationFilter, type TermFilter } from './repository.js';
import type { ServiceAtLocationsQuery, ServicesQuery, TaxonomiesQuery, TaxonomyTermsQuery } from './schemas.js';
import { compact, envelope, orService, serviceAtLocation } from './views.js';

const notFound = (what: string) => new AppProblem(404, 'not_found', 'Not found', `No such ${what}.`);

const MINUTE_MS = 60_000;

/** Where Open Referral's `page` and `per_page` (1 and 50 unless given) start and how far they reach. */
function paging(query: { page?: number | undefined; per_page?: number | undefined }) {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? 50;
  return { page, perPage, limit: perPage, offset: (page - 1) * perPage };
}

/** The profile's age, day and time filters, as asked. */
function bounds(q: Static<typeof ServicesQuery> | Static<typeof ServiceAtLocationsQuery>): OpenReferralBounds {
  return {
    minimumAge: q.minimum_age,
    maximumAge: q.maximum_age,
    day: q.day,
    startTime: q.start_time,
    endTime: q.end_time,
  };
}

/**
 * The public Open Referral UK read API over the community directory: public fields only, paged
 * as ORUK pages, and a per-address limit on requests a minute.
 */
export class OpenReferral {
  constructor(
    private readonly db: Database,
    /** Requests a minute from one address. */
    private readonly perMinute: number,
  ) {}

  /**
   * Counts a request from `address` in the minute `now` falls in. Time is the app's clock, so a
   * fixed clock fixes the window; the count is kept in the database so every instance shares it.
   */
  async throttle(address: string, now: Date) {
    const windowStart = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
    const count = await openReferralRepository.countRequest(this.db, `oruk-ip:${address}`, windowStart / 1000);
    const resetSeconds = Math.max(1, Math.ceil((windowStart + MINUTE_MS - now.getTime()) / 1000));
    return {
      limit: this.perMinute,
      remaining: Math.max(0, this.perMinute - count),
      resetSeconds,
      refused: count > this.perMinute,
    };
  }

  /** A postcode's point and the radius in km (8000 metres unless given). */
  private async near(postcode: string | undefined, metres: number | undefined) {
    if (!postcode) return undefined;
    const point = await resolvePostcode(this.db, postcode, 'postcode');
    return { ...point, radiusKm: (metres ?? 8000) / 1000 };
  }

  async services(q: Static<typeof ServicesQuery>) {
    const { page, perPage, limit, offset } = paging(q);
    const around = await this.near(q.postcode, q.proximity);
    const filter: Omit<DirectoryQuery, 'limit' | 'offset'> = {
      text: q.search,
      termId: q.taxonomy_term_id,
      taxonomyId: q.taxonomy_id,
      openReferral: bounds(q),
      near: around,
      modifiedAfter: q.modified_after,
    };
    const hits = await searchServiceIds(this.db, { ...filter, limit, offset });
    // Past the last page there is no row to carry the total: count it apart.
    const total = hits[0]?.total ?? (page > 1 ? await countServices(this.db, { ...filter, limit, offset }) : 0);
    const graphs = await directoryRepository.serviceGraphs(
      this.db,
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
  }

  async service(id: string) {
    const [graph] = await directoryRepository.serviceGraphs(this.db, [id], true);
    if (!graph) throw notFound('service');
    return orService(graph);
  }

  async taxonomies(q: Static<typeof TaxonomiesQuery>) {
    const { page, perPage, limit, offset } = paging(q);
    const rows = await openReferralRepository.taxonomiesPage(this.db, { limit, offset });
    const total = rows[0]?.total ?? (await openReferralRepository.countTaxonomies(this.db));
    return envelope(
      rows.map(({ total: _t, ...r }) => compact(r)),
      total,
      page,
      perPage,
    );
  }

  async taxonomy(id: string) {
    const row = await openReferralRepository.taxonomy(this.db, id);
    if (!row) throw notFound('taxonomy');
    return compact(row);
  }

  async taxonomyTerms(q: Static<typeof TaxonomyTermsQuery>) {
    const { page, perPage, limit, offset } = paging(q);
    const filter: TermFilter = { taxonomyId: q.taxonomy_id, search: q.search };
    const rows = await openReferralRepository.termsPage(this.db, filter, { limit, offset });
    const total = rows[0]?.total ?? (await openReferralRepository.countTerms(this.db, filter));
    return envelope(
      rows.map(({ total: _t, ...r }) => compact(r)),
      total,
      page,
      perPage,
    );
  }

  async taxonomyTerm(id: string) {
    const row = await openReferralRepository.termWithTaxonomy(this.db, id);
    if (!row) throw notFound('taxonomy term');
    return compact({
      ...row,
      taxonomy_detail: row.taxonomy_detail && compact(row.taxonomy_detail as Record<string, unknown>),
    });
  }

  async serviceAtLocations(q: Static<typeof ServiceAtLocationsQuery>) {
    const { page, perPage, limit, offset } = paging(q);
    const around = await this.near(q.postcode, q.proximity);
    const filter: ServiceAtLocationFilter = {
      search: q.search,
      termId: q.taxonomy_term_id,
      taxonomyId: q.taxonomy_id,
      modifiedAfter: q.modified_after,
      near: around,
      bounds: bounds(q),
    };
    const rows = await openReferralRepository.serviceAtLocationsPage(this.db, filter, { limit, offset });
    const graphs = await directoryRepository.serviceGraphs(this.db, [...new Set(rows.map((r) => r.service_id))], true);
    const byService = new Map(graphs.map((g) => [g.service.id, g]));
    const contents = rows.flatMap((r) => {
      const g = byService.get(r.service_id);
      const l = g?.locations.find((x) => x.id === r.location_id);
      if (!g || !l) return [];
      return [
        {
          ...serviceAtLocation(r.id, g, l),
          ...(around && r.km !== null ? { distance: Math.round(r.km * 1000) } : {}),
        },
      ];
    });
    const total =
      rows[0]?.total ?? (page > 1 ? await openReferralRepository.countServiceAtLocations(this.db, filter) : 0);
    return envelope(contents, total, page, perPage);
  }

  async serviceAtLocation(id: string) {
    const row = await openReferralRepository.serviceAtLocation(this.db, id);
    if (!row) throw notFound('service at location');
    const [g] = await directoryRepository.serviceGraphs(this.db, [row.service_id], true);
    const l = g!.locations.find((x) => x.id === row.location_id)!;
    return serviceAtLocation(id, g!, l);
  }
}
