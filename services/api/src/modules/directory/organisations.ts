import type { Database } from '@threefold/db';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { organisationNotFound } from './errors.js';
import { defined } from './fields.js';
import { directoryRepository, type NewOrganisationRow } from './repository.js';
import { organisationView } from './views.js';

export interface OrganisationInput {
  name?: string | undefined;
  description?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  website?: string | null | undefined;
  kind?: 'partner' | 'community' | undefined;
}

/** Community organisations and partners in the directory. */
export class Organisations {
  constructor(private readonly db: Database) {}

  async organisations(kind?: 'partner' | 'community') {
    return (await directoryRepository.organisations(this.db, kind)).map(organisationView);
  }

  async organisation(id: string) {
    const row = await directoryRepository.organisation(this.db, id);
    if (!row) throw organisationNotFound();
    return organisationView(row);
  }

  async createOrganisation(actor: Actor, input: OrganisationInput & { name: string }) {
    return this.db.transaction(async (tx) => {
      const row = await directoryRepository.insertOrganisation(tx, defined(input) as NewOrganisationRow);
      await actor.audit(tx, {
        action: 'directory.organisation.create',
        resourceType: 'organisation',
        resourceId: row.id,
        personId: null,
      });
      return organisationView(row);
    });
  }

  async updateOrganisation(actor: Actor, id: string, expected: number, changes: OrganisationInput) {
    return this.db.transaction(async (tx) => {
      const current = await directoryRepository.organisation(tx, id);
      if (!current) throw organisationNotFound();
      if (current.version !== expected) throw staleVersion();
      const row = await directoryRepository.updateOrganisation(tx, id, expected, defined(changes), actor.now());
      if (!row) throw staleVersion();
      await actor.audit(tx, {
        action: 'directory.organisation.update',
        resourceType: 'organisation',
        resourceId: id,
        personId: null,
      });
      return organisationView(row);
    });
  }
}
