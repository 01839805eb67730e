import type { OrganisationRow, ServiceGraph } from './repository.js';
import type { OrganisationBody, ServiceBody } from './schemas.js';

/** An organisation as the console shows it. */
export function organisationView(row: OrganisationRow): OrganisationBody {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    email: row.email,
    phone: row.phone,
    website: row.website,
    kind: row.kind,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

const hhmm = (t: string) => t.slice(0, 5);

/** A service with everything hung off it, as the console shows it (the practice's notes included). */
export function serviceView(g: ServiceGraph, distanceKm?: number | null): ServiceBody {
  const s = g.service;
  return {
    id: s.id,
    organisationId: s.organisationId,
    organisationName: g.organisation.name,
    organisationKind: g.organisation.kind,
    name: s.name,
    description: s.description,
    url: s.url,
    email: s.email,
    phone: s.phone,
    status: s.status,
    minimumAge: s.minimumAge,
    maximumAge: s.maximumAge,
    eligibilityDescription: s.eligibilityDescription,
    costPence: s.costPence,
    costOption: s.costOption,
    costDescription: s.costDescription,
    practiceNotes: s.practiceNotes,
    taxonomyTerms: g.terms.map((t) => ({ id: t.id, name: t.name, taxonomyId: t.taxonomyId, code: t.code })),
    locations: g.locations.map((l) => ({
      id: l.id,
      name: l.name,
      description: l.description,
      addressLine1: l.addressLine1,
      town: l.town,
      postcode: l.postcode,
      latitude: l.latitude,
      longitude: l.longitude,
    })),
    contacts: g.contacts.map((c) => ({ name: c.name, title: c.title, email: c.email, phone: c.phone })),
    schedules: g.schedules.map((x) => ({
      weekday: x.weekday,
      opensAt: hhmm(x.opensAt),
      closesAt: hhmm(x.closesAt),
      description: x.description,
    })),
    ...(distanceKm !== undefined
      ? { distanceKm: distanceKm === null ? null : Math.round(distanceKm * 100) / 100 }
      : {}),
    version: s.version,
    updatedAt: s.updatedAt.toISOString(),
  };
}
