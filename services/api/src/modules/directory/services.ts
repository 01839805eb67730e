import type { Database, DbOrTx, Tx } from '@threefold/db';
import { invalidField } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { serviceNotFound } from './errors.js';
import { defined } from './fields.js';
import { addLocations, checkLocationsExist } from './locations.js';
import { directoryRepository, type NewServiceRow } from './repository.js';
import type { NewServiceBody, ServiceBody, ServiceChangesBody } from './schemas.js';
import { taxonomyRepository } from './taxonomy-repository.js';
import { serviceView } from './views.js';

/** A service's own rules: an age range the right way round, each opening closing after it opens. */
function checkRules(s: {
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

/** Everything a service refers to must exist: its organisation, terms and locations. */
async function checkReferences(
  tx: Tx,
  input: { organisationId?: string | undefined; termIds?: string[] | undefined; locationIds?: string[] | undefined },
) {
  if (input.organisationId && !(await directoryRepository.organisation(tx, input.organisationId))) {
    throw invalidField('organisationId', 'is not a known organisation');
  }
  if (input.termIds?.length) {
    const known = await taxonomyRepository.knownTermIds(tx, input.termIds);
    const index = input.termIds.findIndex((t) => !known.has(t));
    if (index >= 0) throw invalidField(`termIds.${index}`, 'is not a known taxonomy term');
  }
  await checkLocationsExist(tx, input.locationIds ?? []);
}

const withDescription = <T extends { description?: string | null | undefined }>(s: T) => ({
  ...s,
  description: s.description ?? null,
});

/** The services of the community directory: what they offer, where, when, for whom. */
export class DirectoryServices {
  constructor(private readonly db: Database) {}

  /** One service with everything hung off it; inside a transaction, as that transaction sees it. */
  async service(id: string, db: DbOrTx = this.db): Promise<ServiceBody> {
    const [graph] = await directoryRepository.serviceGraphs(db, [id], db === this.db);
    if (!graph) throw serviceNotFound();
    return serviceView(graph);
  }

  async createService(actor: Actor, input: NewServiceBody): Promise<ServiceBody> {
    checkRules(input);
    return this.db.transaction(async (tx) => {
      await checkReferences(tx, input);
      const { termIds, locationIds, newLocations, contacts, schedules, ...fields } = input;
      const id = await directoryRepository.insertService(tx, defined(fields) as NewServiceRow);
      const added = await addLocations(tx, input.organisationId, newLocations ?? []);
      await directoryRepository.replaceNested(tx, id, {
        termIds: termIds ?? [],
        locationIds: [...(locationIds ?? []), ...added],
        contacts: (contacts ?? []).map((c) => ({ ...c })),
        schedules: (schedules ?? []).map(withDescription),
      });
      await actor.audit(tx, {
        action: 'directory.service.create',
        resourceType: 'directory_service',
        resourceId: id,
        personId: null,
      });
      return this.service(id, tx);
    });
  }

  /** Lists sent (terms, locations, contacts, schedules) replace the current ones; new locations are added to them. */
  async updateService(actor: Actor, id: string, expected: number, changes: ServiceChangesBody): Promise<ServiceBody> {
    return this.db.transaction(async (tx) => {
      const current = await directoryRepository.lockService(tx, id);
      if (!current) throw serviceNotFound();
      if (current.version !== expected) throw staleVersion();
      const { termIds, locationIds, newLocations, contacts, schedules, ...fields } = changes;
      checkRules({
        minimumAge: fields.minimumAge === undefined ? current.minimumAge : fields.minimumAge,
        maximumAge: fields.maximumAge === undefined ? current.maximumAge : fields.maximumAge,
        schedules,
      });
      await checkReferences(tx, changes);
      if (!(await directoryRepository.updateService(tx, id, expected, defined(fields), actor.now()))) {
        throw staleVersion();
      }
      const added = await addLocations(tx, fields.organisationId ?? current.organisationId, newLocations ?? []);
      let allLocations = locationIds;
      if (added.length) {
        const existing = locationIds ?? (await directoryRepository.locationIdsOfService(tx, id));
        allLocations = [...existing, ...added];
      }
      await directoryRepository.replaceNested(tx, id, {
        termIds,
        locationIds: allLocations,
        contacts,
        schedules: schedules?.map(withDescription),
      });
      await actor.audit(tx, {
        action: 'directory.service.update',
        resourceType: 'directory_service',
        resourceId: id,
        personId: null,
      });
      return this.service(id, tx);
    });
  }
}
