import { createHash } from 'node:crypto';
import type { ServiceGraph } from '../directory/repository.js';

const hhmm = (t: string) => t.slice(0, 5);

/**
 * The object without its `null` fields: the profile types them as strings or numbers, so a
 * missing value is left out rather than sent as `null`.
 */
export function compact<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as { [K in keyof T]: Exclude<T[K], null> };
}

/**
 * A stable UUID (RFC 9562 version 5 layout, SHA-1 of the parts) for a record the profile names
 * but the directory keeps inside another: a location's address, a service's term link.
 */
export function derivedId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('|')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** A page as Open Referral UK wraps one. */
export function envelope<T>(contents: T[], total: number, page: number, perPage: number) {
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

export function location(l: ServiceGraph['locations'][number]) {
  return compact({
    id: l.id,
    name: l.name,
    description: l.description,
    // The directory's locations are places people go to (uk-profile `location_type`).
    location_type: 'physical' as const,
    latitude: l.latitude,
    longitude: l.longitude,
    addresses:
      l.addressLine1 || l.postcode
        ? [
            {
              id: derivedId('address', l.id),
              location_id: l.id,
              address_1: l.addressLine1 ?? '',
              city: l.town ?? '',
              // Required by the profile; the directory does not record a county.
              state_province: '',
              postal_code: l.postcode ?? '',
              country: 'GB',
              address_type: 'physical' as const,
            },
          ]
        : [],
  });
}

export function term(t: ServiceGraph['terms'][number]) {
  return compact({
    id: t.id,
    code: t.code,
    name: t.name,
    description: t.description ?? '',
    parent_id: t.parentId,
    taxonomy_id: t.taxonomyId,
  });
}

/** A service as Open Referral UK publishes it: public fields only (the practice's notes stay home). */
export function orService(g: ServiceGraph, distanceKm?: number | null) {
  const s = g.service;
  return compact({
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
    organization: compact({
      id: g.organisation.id,
      name: g.organisation.name,
      description: g.organisation.description ?? '',
      email: g.organisation.email,
      website: g.organisation.website,
      phones: g.organisation.phone ? [{ number: g.organisation.phone }] : [],
    }),
    contacts: g.contacts.map((c) =>
      compact({
        id: c.id,
        name: c.name,
        title: c.title,
        email: c.email,
        phones: c.phone ? [{ number: c.phone }] : [],
      }),
    ),
    cost_options:
      s.costPence === null
        ? []
        : [
            compact({
              id: s.id,
              amount: s.costPence / 100,
              currency: 'GBP' as const,
              option: s.costOption,
              amount_description: s.costDescription,
            }),
          ],
    schedules: g.schedules.map((x) =>
      compact({
        id: x.id,
        freq: 'WEEKLY' as const,
        byday: x.weekday,
        opens_at: hhmm(x.opensAt),
        closes_at: hhmm(x.closesAt),
        description: x.description,
      }),
    ),
    service_at_locations: g.locations.map((l) => ({
      id: l.serviceAtLocationId,
      service_id: s.id,
      location_id: l.id,
      location: location(l),
    })),
    // HSDS 3.0 links a service to its taxonomy terms through attributes (uk-profile service.json `attributes`).
    attributes: g.terms.map((t) => ({
      id: derivedId('attribute', s.id, t.id),
      link_id: s.id,
      link_type: 'service' as const,
      taxonomy_term_id: t.id,
      taxonomy_term: term(t),
    })),
    distance: distanceKm === undefined || distanceKm === null ? null : Math.round(distanceKm * 1000),
  });
}

/** A service in brief at one of its locations. */
export function serviceAtLocation(id: string, g: ServiceGraph, l: ServiceGraph['locations'][number]) {
  return {
    id,
    service_id: g.service.id,
    location_id: l.id,
    service: {
      id: g.service.id,
      name: g.service.name,
      description: g.service.description,
      status: g.service.status,
      organization: {
        id: g.organisation.id,
        name: g.organisation.name,
        description: g.organisation.description ?? '',
      },
    },
    location: location(l),
  };
}
