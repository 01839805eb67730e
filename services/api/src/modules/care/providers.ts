import type { Database, DbOrTx } from '@threefold/db';
import { asUser } from '../../auth/principal.js';
import { AppProblem, invalidField, notFound } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { staleVersion } from '../../platform/concurrency.js';
import { careRepository as repo, type ProviderRow } from './repository.js';
import type { NewProviderBody, ProviderChangeBody, ProviderView } from './schemas.js';

export function providerView(row: ProviderRow): ProviderView {
  return {
    id: row.id,
    name: row.name,
    cqcLocationId: row.cqcLocationId,
    address: row.address,
    postcode: row.postcode,
    phone: row.phone,
    email: row.email,
    servicesOffered: row.servicesOffered,
    directoryOrganisationId: row.directoryOrganisationId,
    status: row.status,
    suspendedReason: row.suspendedReason,
    suspendedAt: row.suspendedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

const cqcTaken = () =>
  new AppProblem(409, 'cqc_location_id_taken', 'CQC location id in use', 'Another provider has this CQC location id.', [
    {
      in: 'body',
      field: 'cqcLocationId',
      pointer: '/cqcLocationId',
      message: 'Another provider has this CQC location id.',
    },
  ]);

/**
 * Care providers: organisations delivering services under a plan. Administrators keep the list;
 * colleagues read it. Not personal data, so reads are not audited; every change is.
 */
export class ProvidersService {
  constructor(private readonly db: Database) {}

  private async checkLinks(
    tx: DbOrTx,
    input: { cqcLocationId?: string | null | undefined; directoryOrganisationId?: string | null | undefined },
    self?: string,
  ) {
    if (input.cqcLocationId) {
      const other = await repo.providerByCqc(tx, input.cqcLocationId);
      if (other && other.id !== self) throw cqcTaken();
    }
    if (input.directoryOrganisationId && !(await repo.organisationExists(tx, input.directoryOrganisationId))) {
      throw invalidField('directoryOrganisationId', 'No such organisation in the community directory.');
    }
  }

  async list(q: { q?: string; status?: 'active' | 'suspended'; limit?: number; offset?: number }) {
    const { rows, total } = await repo.providers(this.db, {
      ...(q.q ? { text: q.q.trim() } : {}),
      ...(q.status ? { status: q.status } : {}),
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
    return { items: rows.map(providerView), total };
  }

  async get(id: string): Promise<ProviderView> {
    const row = await repo.provider(this.db, id);
    if (!row) throw notFound('provider');
    return providerView(row);
  }

  async create(actor: Actor, input: NewProviderBody): Promise<ProviderView> {
    const user = asUser(actor.principal, 'Providers are added by administrators.');
    const now = actor.now();
    return this.db.transaction(async (tx) => {
      await this.checkLinks(tx, input);
      const row = await repo.insertProvider(tx, {
        name: input.name.trim(),
        cqcLocationId: input.cqcLocationId ?? null,
        address: input.address?.trim() ?? '',
        postcode: input.postcode ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        servicesOffered: input.servicesOffered ?? [],
        directoryOrganisationId: input.directoryOrganisationId ?? null,
        createdById: user.userId,
        createdAt: now,
        updatedAt: now,
      });
      await actor.audit(tx, { action: 'provider.create', resourceType: 'care_provider', resourceId: row.id });
      return providerView(row);
    });
  }

  async change(actor: Actor, id: string, expected: number, input: ProviderChangeBody): Promise<ProviderView> {
    return this.db.transaction(async (tx) => {
      const row = await repo.provider(tx, id, true);
      if (!row) throw notFound('provider');
      if (row.version !== expected) throw staleVersion();
      await this.checkLinks(tx, input, id);
      const values = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      await repo.updateProvider(tx, id, { ...values, updatedAt: actor.now() });
      await actor.audit(tx, { action: 'provider.update', resourceType: 'care_provider', resourceId: id });
      return providerView((await repo.provider(tx, id))!);
    });
  }

  /** Suspended: no new services; `reinstate` lifts it. */
  async setStatus(actor: Actor, id: string, status: 'active' | 'suspended', reason?: string): Promise<ProviderView> {
    return this.db.transaction(async (tx) => {
      const row = await repo.provider(tx, id, true);
      if (!row) throw notFound('provider');
      if (row.status === status) {
        throw new AppProblem(
          409,
          status === 'suspended' ? 'provider_suspended' : 'provider_not_suspended',
          status === 'suspended' ? 'Already suspended' : 'Not suspended',
          status === 'suspended' ? 'This provider is already suspended.' : 'This provider is not suspended.',
        );
      }
      const now = actor.now();
      await repo.updateProvider(tx, id, {
        status,
        suspendedReason: status === 'suspended' ? reason!.trim() : null,
        suspendedAt: status === 'suspended' ? now : null,
        updatedAt: now,
      });
      await actor.audit(tx, {
        action: status === 'suspended' ? 'provider.suspend' : 'provider.reinstate',
        resourceType: 'care_provider',
        resourceId: id,
      });
      return providerView((await repo.provider(tx, id))!);
    });
  }
}
