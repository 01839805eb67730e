import type { ServiceGraph } from '../directory/repository.js';

const hhmm = (t: string) => t.slice(0, 5);

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

export function term(t: ServiceGraph['terms'][number]) {
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

/** A service in brief at one of its locations. */
export function serviceAtLocation(id: string, g: ServiceGraph, l: ServiceGraph['locations'][number]) {
  return {
    id,
    service: {
      id: g.service.id,
      name: g.service.name,
      description: g.service.description,
      status: g.service.status,
      organization: { id: g.organisation.id, name: g.organisation.name },
    },
    location: location(l),
  };
}
