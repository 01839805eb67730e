import {
  directoryLocations,
  directoryServices,
  organisations,
  serviceAtLocations,
  serviceContacts,
  serviceSchedules,
  serviceTaxonomyTerms,
  taxonomyTerms,
  type DbOrTx,
} from '@threefold/db';
import { and, asc, eq, inArray } from 'drizzle-orm';

export type ServiceRow = typeof directoryServices.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;
export type LocationRow = typeof directoryLocations.$inferSelect;
export type ScheduleRow = typeof serviceSchedules.$inferSelect;
export type ContactRow = typeof serviceContacts.$inferSelect;
export type TermRow = typeof taxonomyTerms.$inferSelect;
export type NewOrganisationRow = typeof organisations.$inferInsert;
export type NewServiceRow = typeof directoryServices.$inferInsert;
export type NewLocationRow = typeof directoryLocations.$inferInsert;

/** A service with everything hung off it, as both the console and Open Referral show it. */
export interface ServiceGraph {
  service: ServiceRow;
  organisation: OrganisationRow;
  locations: (LocationRow & { serviceAtLocationId: string })[];
  contacts: ContactRow[];
  schedules: ScheduleRow[];
  terms: TermRow[];
}

/**
 * The directory's services, organisations and locations. Drizzle queries only; every method takes
 * the handle to run on (the pool or a transaction) first.
 */
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

  async insertOrganisation(db: DbOrTx, values: NewOrganisationRow): Promise<OrganisationRow> {
    const [row] = await db.insert(organisations).values(values).returning();
    return row!;
  },

  /** Applies changes to the version read; null when someone else changed it first. */
  async updateOrganisation(
    db: DbOrTx,
    id: string,
    expected: number,
    changes: Partial<NewOrganisationRow>,
    at: Date,
  ): Promise<OrganisationRow | null> {
    const [row] = await db
      .update(organisations)
      .set({ ...changes, version: expected + 1, updatedAt: at })
      .where(and(eq(organisations.id, id), eq(organisations.version, expected)))
      .returning();
    return row ?? null;
  },

  async insertService(db: DbOrTx, values: NewServiceRow): Promise<string> {
    const [row] = await db.insert(directoryServices).values(values).returning({ id: directoryServices.id });
    return row!.id;
  },

  /** The service as it stands, locked until the transaction ends. */
  async lockService(db: DbOrTx, id: string): Promise<ServiceRow | null> {
    const [row] = await db.select().from(directoryServices).where(eq(directoryServices.id, id)).for('update');
    return row ?? null;
  },

  /** Applies changes to the version read; false when someone else changed it first. */
  async updateService(
    db: DbOrTx,
    id: string,
    expected: number,
    changes: Partial<NewServiceRow>,
    at: Date,
  ): Promise<boolean> {
    const rows = await db
      .update(directoryServices)
      .set({ ...changes, version: expected + 1, updatedAt: at })
      .where(and(eq(directoryServices.id, id), eq(directoryServices.version, expected)))
      .returning({ id: directoryServices.id });
    return rows.length > 0;
  },

  async locationIdsOfService(db: DbOrTx, serviceId: string): Promise<string[]> {
    const rows = await db
      .select({ id: serviceAtLocations.locationId })
      .from(serviceAtLocations)
      .where(eq(serviceAtLocations.serviceId, serviceId));
    return rows.map((r) => r.id);
  },

  async insertLocation(db: DbOrTx, values: NewLocationRow): Promise<string> {
    const [row] = await db.insert(directoryLocations).values(values).returning({ id: directoryLocations.id });
    return row!.id;
  },

  /** Which of these locations exist. */
  async knownLocationIds(db: DbOrTx, ids: string[]): Promise<Set<string>> {
    const rows = await db
      .select({ id: directoryLocations.id })
      .from(directoryLocations)
      .where(inArray(directoryLocations.id, ids));
    return new Set(rows.map((r) => r.id));
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
