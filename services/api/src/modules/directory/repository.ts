import {
  directoryLocations,
  directoryServices,
  organisations,
  serviceAtLocations,
  serviceContacts,
  serviceSchedules,
  serviceTaxonomyTerms,
  taxonomies,
  taxonomyTerms,
  type DbOrTx,
} from '@threefold/db';
import { asc, eq, inArray } from 'drizzle-orm';

export type ServiceRow = typeof directoryServices.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;
export type LocationRow = typeof directoryLocations.$inferSelect;
export type ScheduleRow = typeof serviceSchedules.$inferSelect;
export type ContactRow = typeof serviceContacts.$inferSelect;
export type TermRow = typeof taxonomyTerms.$inferSelect;

/** A service with everything hung off it, as both the console and Open Referral show it. */
export interface ServiceGraph {
  service: ServiceRow;
  organisation: OrganisationRow;
  locations: (LocationRow & { serviceAtLocationId: string })[];
  contacts: ContactRow[];
  schedules: ScheduleRow[];
  terms: TermRow[];
}

/** Drizzle queries only; every method takes the handle to run on (the pool or a transaction). */
export const directoryRepository = {
  /** Loads services with their organisation, locations, contacts, schedules and terms in six queries, in the order asked. */
  async serviceGraphs(db: DbOrTx, ids: string[], parallel = false): Promise<ServiceGraph[]> {
    if (ids.length === 0) return [];
    // In parallel on the pool (five connections); one after another inside a transaction (one connection).
    const run = async <T extends unknown[]>(queries: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> => {
      if (parallel) return (await Promise.all(queries.map((q) => q()))) as T;
      const out: unknown[] = [];
      for (const q of queries) out.push(await q());
      return out as T;
    };
    const [services, locs, contacts, schedules, terms] = await run([
      () =>
        db
          .select({ s: directoryServices, o: organisations })
          .from(directoryServices)
          .innerJoin(organisations, eq(organisations.id, directoryServices.organisationId))
          .where(inArray(directoryServices.id, ids)),
      () =>
        db
          .select({ l: directoryLocations, serviceId: serviceAtLocations.serviceId, salId: serviceAtLocations.id })
          .from(serviceAtLocations)
          .innerJoin(directoryLocations, eq(directoryLocations.id, serviceAtLocations.locationId))
          .where(inArray(serviceAtLocations.serviceId, ids))
          .orderBy(asc(directoryLocations.name)),
      () =>
        db
          .select()
          .from(serviceContacts)
          .where(inArray(serviceContacts.serviceId, ids))
          .orderBy(asc(serviceContacts.id)),
      () =>
        db
          .select()
          .from(serviceSchedules)
          .where(inArray(serviceSchedules.serviceId, ids))
          .orderBy(asc(serviceSchedules.weekday), asc(serviceSchedules.opensAt)),
      () =>
        db
          .select({ t: taxonomyTerms, serviceId: serviceTaxonomyTerms.serviceId })
          .from(serviceTaxonomyTerms)
          .innerJoin(taxonomyTerms, eq(taxonomyTerms.id, serviceTaxonomyTerms.termId))
          .where(inArray(serviceTaxonomyTerms.serviceId, ids))
          .orderBy(asc(taxonomyTerms.name)),
    ]);
    const byId = new Map(services.map((r) => [r.s.id, r]));
    const order = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      return [
        {
          service: row.s,
          organisation: row.o,
          locations: locs.filter((l) => l.serviceId === id).map((l) => ({ ...l.l, serviceAtLocationId: l.salId })),
          contacts: contacts.filter((c) => c.serviceId === id),
          schedules: schedules
            .filter((s) => s.serviceId === id)
            .sort((a, b) => order.indexOf(a.weekday) - order.indexOf(b.weekday) || a.opensAt.localeCompare(b.opensAt)),
          terms: terms.filter((t) => t.serviceId === id).map((t) => t.t),
        },
      ];
    });
  },

  async organisation(db: DbOrTx, id: string) {
    const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
    return row ?? null;
  },

  async organisations(db: DbOrTx, kind?: 'partner' | 'community') {
    const query = db.select().from(organisations);
    return (kind ? query.where(eq(organisations.kind, kind)) : query).orderBy(asc(organisations.name)).limit(500);
  },

  async taxonomiesWithTerms(db: DbOrTx, ids?: string[]) {
    const taxa = await (
      ids ? db.select().from(taxonomies).where(inArray(taxonomies.id, ids)) : db.select().from(taxonomies)
    ).orderBy(asc(taxonomies.name));
    if (taxa.length === 0) return [];
    const terms = await db
      .select()
      .from(taxonomyTerms)
      .where(
        inArray(
          taxonomyTerms.taxonomyId,
          taxa.map((t) => t.id),
        ),
      )
      .orderBy(asc(taxonomyTerms.name));
    return taxa.map((t) => ({ taxonomy: t, terms: terms.filter((x) => x.taxonomyId === t.id) }));
  },

  /** Replaces a service's terms, locations, contacts and schedules with those given (lists not given are kept). */
  async replaceNested(
    db: DbOrTx,
    serviceId: string,
    nested: {
      termIds?: string[] | undefined;
      locationIds?: string[] | undefined;
      contacts?: Omit<typeof serviceContacts.$inferInsert, 'serviceId'>[] | undefined;
      schedules?: Omit<typeof serviceSchedules.$inferInsert, 'serviceId'>[] | undefined;
    },
  ) {
    if (nested.termIds) {
      await db.delete(serviceTaxonomyTerms).where(eq(serviceTaxonomyTerms.serviceId, serviceId));
      if (nested.termIds.length)
        await db.insert(serviceTaxonomyTerms).values(nested.termIds.map((termId) => ({ serviceId, termId })));
    }
    if (nested.locationIds) {
      await db.delete(serviceAtLocations).where(eq(serviceAtLocations.serviceId, serviceId));
      if (nested.locationIds.length)
        await db.insert(serviceAtLocations).values(nested.locationIds.map((locationId) => ({ serviceId, locationId })));
    }
    if (nested.contacts) {
      await db.delete(serviceContacts).where(eq(serviceContacts.serviceId, serviceId));
      if (nested.contacts.length)
        await db.insert(serviceContacts).values(nested.contacts.map((c) => ({ ...c, serviceId })));
    }
    if (nested.schedules) {
      await db.delete(serviceSchedules).where(eq(serviceSchedules.serviceId, serviceId));
      if (nested.schedules.length)
        await db.insert(serviceSchedules).values(nested.schedules.map((s) => ({ ...s, serviceId })));
    }
  },
};
