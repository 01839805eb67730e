import {
  directoryLocations,
  directoryServices,
  organisations,
  postcodeCentroids,
  taxonomies,
  taxonomyTerms,
  type Database,
  type DbOrTx,
  type Tx,
} from '@threefold/db';
import { normalisePostcode, outwardCode, postcodeProblem } from '@threefold/domain';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { AppProblem, invalidField } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { staleVersion } from '../../platform/concurrency.js';
import { csvInvalid, organisationNotFound, serviceNotFound, taxonomyNotFound } from './errors.js';
import { directoryRepository, type ServiceGraph } from './repository.js';
import type { NewServiceBody, OrganisationBody, ServiceBody, ServiceChangesBody } from './schemas.js';
import { resolvePostcode, searchServiceIds, type DirectoryQuery, type Point, type Weekday } from './search.js';

type Audit = (
  tx: Tx,
  e: { action: string; resourceType: string; resourceId: string; personId: string | null },
) => Promise<void>;

type NewLocationInput = NonNullable<NewServiceBody['newLocations']>[number];
type OrganisationInput = {
  name?: string | undefined;
  description?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  website?: string | null | undefined;
  kind?: 'partner' | 'community' | undefined;
};

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function organisationView(row: typeof organisations.$inferSelect): OrganisationBody {
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

/** Splits one CSV line, honouring double quotes (ONS files quote every field). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

export class DirectoryService {
  constructor(private readonly db: Database) {}

  // ── organisations ──

  async organisations(kind?: 'partner' | 'community') {
    return (await directoryRepository.organisations(this.db, kind)).map(organisationView);
  }

  async organisation(id: string) {
    const row = await directoryRepository.organisation(this.db, id);
    if (!row) throw organisationNotFound();
    return organisationView(row);
  }

  async createOrganisation(input: OrganisationInput & { name: string }, audit: Audit) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(organisations)
        .values(defined(input) as typeof organisations.$inferInsert)
        .returning();
      await audit(tx, {
        action: 'directory.organisation.create',
        resourceType: 'organisation',
        resourceId: row!.id,
        personId: null,
      });
      return organisationView(row!);
    });
  }

  async updateOrganisation(id: string, expected: number, changes: OrganisationInput, audit: Audit) {
    return this.db.transaction(async (tx) => {
      const current = await directoryRepository.organisation(tx, id);
      if (!current) throw organisationNotFound();
      if (current.version !== expected) throw staleVersion();
      const [row] = await tx
        .update(organisations)
        .set({ ...defined(changes), version: expected + 1, updatedAt: new Date() })
        .where(and(eq(organisations.id, id), eq(organisations.version, expected)))
        .returning();
      if (!row) throw staleVersion();
      await audit(tx, {
        action: 'directory.organisation.update',
        resourceType: 'organisation',
        resourceId: id,
        personId: null,
      });
      return organisationView(row);
    });
  }

  // ── services ──

  async service(id: string, db: DbOrTx = this.db): Promise<ServiceBody> {
    const [graph] = await directoryRepository.serviceGraphs(db, [id], db === this.db);
    if (!graph) throw serviceNotFound();
    return serviceView(graph);
  }

  async search(query: {
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
  }) {
    const limit = query.limit ?? 20;
    const [offset] = decodeCursor<[number]>(query.cursor, 1) ?? [0];
    if (!Number.isInteger(offset) || offset < 0 || offset > 100_000)
      throw invalidField('cursor', 'is not a valid cursor', 'query');
    let near: Point | null = null;
    if (query.postcode) near = await resolvePostcode(this.db, query.postcode, 'postcode');
    const q: DirectoryQuery = {
      text: query.q,
      termId: query.termId,
      taxonomyId: query.taxonomyId,
      organisationId: query.organisationId,
      age: query.age,
      day: query.day,
      startTime: query.time,
      status: query.status,
      near: near ? { ...near, radiusKm: query.radiusKm ?? 5 } : undefined,
      limit: limit + 1,
      offset,
    };
    const hits = await searchServiceIds(this.db, q);
    const page = hits.slice(0, limit);
    const graphs = await directoryRepository.serviceGraphs(
      this.db,
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

  private async checkReferences(
    tx: Tx,
    input: { organisationId?: string | undefined; termIds?: string[] | undefined; locationIds?: string[] | undefined },
  ) {
    if (input.organisationId && !(await directoryRepository.organisation(tx, input.organisationId))) {
      throw invalidField('organisationId', 'is not a known organisation');
    }
    if (input.termIds?.length) {
      const found = await tx
        .select({ id: taxonomyTerms.id })
        .from(taxonomyTerms)
        .where(inArray(taxonomyTerms.id, input.termIds));
      const known = new Set(found.map((f) => f.id));
      const index = input.termIds.findIndex((t) => !known.has(t));
      if (index >= 0) throw invalidField(`termIds.${index}`, 'is not a known taxonomy term');
    }
    if (input.locationIds?.length) {
      const found = await tx
        .select({ id: directoryLocations.id })
        .from(directoryLocations)
        .where(inArray(directoryLocations.id, input.locationIds));
      const known = new Set(found.map((f) => f.id));
      const index = input.locationIds.findIndex((t) => !known.has(t));
      if (index >= 0) throw invalidField(`locationIds.${index}`, 'is not a known location');
    }
  }

  private checkRules(s: {
    minimumAge?: number | null | undefined;
    maximumAge?: number | null | undefined;
    schedules?: { opensAt: string; closesAt: string }[] | undefined;
  }) {
    if (s.minimumAge != null && s.maximumAge != null && s.maximumAge < s.minimumAge) {
      throw invalidField('maximumAge', 'must not be below minimumAge');
    }
    const bad = s.schedules?.findIndex((x) => x.closesAt <= x.opensAt) ?? -1;
    if (bad >= 0) throw invalidField(`schedules.${bad}.closesAt`, 'must be after opensAt');
  }

  /** New locations: postcode normalised; coordinates from the postcode table when not given. */
  private async addLocations(tx: Tx, organisationId: string, locations: NewLocationInput[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, loc] of locations.entries()) {
      let { latitude = null, longitude = null } = loc;
      let postcode = loc.postcode ?? null;
      if ((latitude === null) !== (longitude === null)) {
        throw invalidField(`newLocations.${i}.longitude`, 'give both latitude and longitude, or neither');
      }
      if (postcode) {
        const problem = postcodeProblem(postcode);
        if (problem) throw invalidField(`newLocations.${i}.postcode`, problem);
        postcode = normalisePostcode(postcode);
        if (latitude === null) {
          const point = await resolvePostcode(tx, postcode, `newLocations.${i}.postcode`, 'body').catch(() => null);
          if (point) ({ latitude, longitude } = point);
        }
      }
      const [row] = await tx
        .insert(directoryLocations)
        .values({
          organisationId,
          name: loc.name,
          description: loc.description ?? '',
          addressLine1: loc.addressLine1 ?? null,
          town: loc.town ?? null,
          postcode,
          latitude,
          longitude,
        })
        .returning({ id: directoryLocations.id });
      ids.push(row!.id);
    }
    return ids;
  }

  async createService(input: NewServiceBody, audit: Audit): Promise<ServiceBody> {
    this.checkRules(input);
    return this.db.transaction(async (tx) => {
      await this.checkReferences(tx, input);
      const { termIds, locationIds, newLocations, contacts, schedules, ...fields } = input;
      const [row] = await tx
        .insert(directoryServices)
        .values(defined(fields) as typeof directoryServices.$inferInsert)
        .returning({ id: directoryServices.id });
      const added = await this.addLocations(tx, input.organisationId, newLocations ?? []);
      await directoryRepository.replaceNested(tx, row!.id, {
        termIds: termIds ?? [],
        locationIds: [...(locationIds ?? []), ...added],
        contacts: (contacts ?? []).map((c) => ({ ...c })),
        schedules: (schedules ?? []).map((s) => ({ ...s, description: s.description ?? null })),
      });
      await audit(tx, {
        action: 'directory.service.create',
        resourceType: 'directory_service',
        resourceId: row!.id,
        personId: null,
      });
      return this.service(row!.id, tx);
    });
  }

  async updateService(id: string, expected: number, changes: ServiceChangesBody, audit: Audit): Promise<ServiceBody> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx.select().from(directoryServices).where(eq(directoryServices.id, id)).for('update');
      if (!current) throw serviceNotFound();
      if (current.version !== expected) throw staleVersion();
      const { termIds, locationIds, newLocations, contacts, schedules, ...fields } = changes;
      this.checkRules({
        minimumAge: fields.minimumAge === undefined ? current.minimumAge : fields.minimumAge,
        maximumAge: fields.maximumAge === undefined ? current.maximumAge : fields.maximumAge,
        schedules,
      });
      await this.checkReferences(tx, changes);
      const [row] = await tx
        .update(directoryServices)
        .set({ ...defined(fields), version: expected + 1, updatedAt: new Date() })
        .where(and(eq(directoryServices.id, id), eq(directoryServices.version, expected)))
        .returning({ id: directoryServices.id });
      if (!row) throw staleVersion();
      const added = await this.addLocations(tx, fields.organisationId ?? current.organisationId, newLocations ?? []);
      let allLocations = locationIds;
      if (added.length) {
        const existing =
          locationIds ??
          (
            await tx.execute<{ location_id: string }>(
              sql`select location_id from service_at_locations where service_id = ${id}`,
            )
          ).rows.map((r) => r.location_id);
        allLocations = [...existing, ...added];
      }
      await directoryRepository.replaceNested(tx, id, {
        termIds,
        locationIds: allLocations,
        contacts,
        schedules: schedules?.map((s) => ({ ...s, description: s.description ?? null })),
      });
      await audit(tx, {
        action: 'directory.service.update',
        resourceType: 'directory_service',
        resourceId: id,
        personId: null,
      });
      return this.service(id, tx);
    });
  }

  // ── taxonomy ──

  async taxonomies() {
    return (await directoryRepository.taxonomiesWithTerms(this.db)).map(({ taxonomy, terms }) => ({
      id: taxonomy.id,
      name: taxonomy.name,
      description: taxonomy.description,
      uri: taxonomy.uri,
      version: taxonomy.version,
      terms: terms.map((t) => ({
        id: t.id,
        taxonomyId: t.taxonomyId,
        code: t.code,
        name: t.name,
        description: t.description,
        parentId: t.parentId,
      })),
    }));
  }

  async createTaxonomy(
    input: {
      name: string;
      description?: string | undefined;
      uri?: string | null | undefined;
      version?: string | null | undefined;
    },
    audit: Audit,
  ) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(taxonomies)
        .values(defined(input) as typeof taxonomies.$inferInsert)
        .onConflictDoNothing({ target: taxonomies.name })
        .returning();
      if (!row)
        throw new AppProblem(409, 'taxonomy_exists', 'Taxonomy exists', 'A taxonomy of that name already exists.');
      await audit(tx, {
        action: 'directory.taxonomy.create',
        resourceType: 'taxonomy',
        resourceId: row.id,
        personId: null,
      });
      return { ...row, description: row.description, terms: [] };
    });
  }

  async createTerm(
    taxonomyId: string,
    input: {
      name: string;
      code?: string | null | undefined;
      description?: string | undefined;
      parentId?: string | null | undefined;
    },
    audit: Audit,
  ) {
    return this.db.transaction(async (tx) => {
      const [taxonomy] = await tx.select({ id: taxonomies.id }).from(taxonomies).where(eq(taxonomies.id, taxonomyId));
      if (!taxonomy) throw taxonomyNotFound();
      if (input.parentId) {
        const [parent] = await tx
          .select({ id: taxonomyTerms.id })
          .from(taxonomyTerms)
          .where(and(eq(taxonomyTerms.id, input.parentId), eq(taxonomyTerms.taxonomyId, taxonomyId)));
        if (!parent) throw invalidField('parentId', 'is not a term of this taxonomy');
      }
      const [row] = await tx
        .insert(taxonomyTerms)
        .values({ taxonomyId, ...(defined(input) as { name: string }) })
        .returning();
      await tx.update(taxonomies).set({ updatedAt: new Date() }).where(eq(taxonomies.id, taxonomyId));
      await audit(tx, {
        action: 'directory.term.create',
        resourceType: 'taxonomy_term',
        resourceId: row!.id,
        personId: null,
      });
      return {
        id: row!.id,
        taxonomyId,
        code: row!.code,
        name: row!.name,
        description: row!.description,
        parentId: row!.parentId,
      };
    });
  }

  // ── postcodes ──

  /** Loads postcode centroids from CSV (header names `postcode`, `latitude`, `longitude`). */
  async importPostcodes(csv: string, audit: Audit) {
    const lines = csv.split(/\r?\n/);
    const header = csvFields(lines[0] ?? '').map((h) => h.toLowerCase());
    const col = (names: string[]) => header.findIndex((h) => names.includes(h));
    const pc = col(['postcode', 'pcds', 'pcd', 'pcd7', 'pcd8']);
    const lat = col(['latitude', 'lat']);
    const lng = col(['longitude', 'long', 'lng', 'lon']);
    if (pc < 0 || lat < 0 || lng < 0) throw csvInvalid(1, 'the header must name postcode, latitude and longitude');
    const rows = new Map<string, { postcode: string; outcode: string; latitude: number; longitude: number }>();
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i]!.trim()) continue;
      const f = csvFields(lines[i]!);
      const raw = f[pc] ?? '';
      const problem = postcodeProblem(raw);
      if (problem) throw csvInvalid(i + 1, `postcode ${problem}`);
      const latitude = Number(f[lat]);
      const longitude = Number(f[lng]);
      if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90 || f[lat] === '')
        throw csvInvalid(i + 1, 'latitude must be a number from -90 to 90');
      if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180 || f[lng] === '')
        throw csvInvalid(i + 1, 'longitude must be a number from -180 to 180');
      const postcode = normalisePostcode(raw);
      rows.set(postcode, { postcode, outcode: outwardCode(raw)!, latitude, longitude });
    }
    return this.db.transaction(async (tx) => {
      const all = [...rows.values()];
      for (let i = 0; i < all.length; i += 2000) {
        await tx
          .insert(postcodeCentroids)
          .values(all.slice(i, i + 2000))
          .onConflictDoUpdate({
            target: postcodeCentroids.postcode,
            set: {
              outcode: sql`excluded.outcode`,
              latitude: sql`excluded.latitude`,
              longitude: sql`excluded.longitude`,
            },
          });
      }
      const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(postcodeCentroids);
      await audit(tx, {
        action: 'directory.postcodes.import',
        resourceType: 'postcode_centroids',
        resourceId: String(all.length),
        personId: null,
      });
      return { imported: all.length, total: count!.n };
    });
  }
}
