import type { DbOrTx, Tx } from '@threefold/db';
import { rangesOverlap, type CareServicePart } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { recordEvents, type NewEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { budgetRepository } from '../budgets/repository.js';
import { careRepository as repo, type ProviderRow } from './repository.js';
import { partsOf } from './services.js';

/** A live service from a council's file, under a budget already imported. */
export interface ImportedService {
  id: string;
  budgetId: string;
  part: CareServicePart;
  /** What the service is, in the council's words. */
  what: string;
  providerId: string | null;
  weeklyPence: number;
  startOn: string;
  plannedEndOn: string | null;
  unitCostPence: number | null;
  unitsPerWeek: number | null;
  /** The council system it came from (the import's source). */
  source: string;
}

/** What an imported service must fit of its budget: the care module's rules for starting a service. */
export interface BudgetForServices {
  id: string;
  personId: string;
  liveOn: string | null;
  parts: CareServicePart[];
  /** Its whole-part services (no plan line): one at a time in each part. */
  services: { part: CareServicePart; startOn: string; endOn: string | null }[];
}

/**
 * The budgets services are being imported under, by id, with their parts and whole-part services.
 * (An imported budget is signed off from the start and stays so: a budget never leaves that state.)
 */
export async function budgetsForServices(db: DbOrTx, budgetIds: string[]): Promise<Map<string, BudgetForServices>> {
  const budgets = await budgetRepository.byIds(db, budgetIds);
  const services = await repo.servicesOfBudgets(
    db,
    budgets.map((b) => b.id),
  );
  return new Map(
    budgets.map((b) => [
      b.id,
      {
        id: b.id,
        personId: b.personId,
        liveOn: b.liveOn,
        parts: partsOf(b),
        services: services
          .filter((s) => s.budgetId === b.id && s.planLine === null)
          .map((s) => ({ part: s.part, startOn: s.startOn, endOn: s.endOn })),
      },
    ]),
  );
}

/** Why a service from `startOn` (open, as a live service is) cannot be added to the budget's part; null when it can. */
export function serviceFitProblem(
  budget: BudgetForServices,
  part: CareServicePart,
  startOn: string,
): { code: string; reason: string } | null {
  if (!budget.parts.includes(part))
    return { code: 'part_not_in_budget', reason: `the budget has no ${part.replaceAll('_', ' ')} part` };
  if (budget.liveOn && startOn < budget.liveOn)
    return {
      code: 'start_before_budget',
      reason: `the budget went live on ${budget.liveOn}; a service cannot start before`,
    };
  const other = budget.services.find(
    (s) => s.part === part && rangesOverlap({ start: s.startOn, end: s.endOn }, { start: startOn, end: null }),
  );
  if (other)
    return {
      code: 'services_overlap',
      reason: `another ${part.replaceAll('_', ' ')} service of this budget runs from ${other.startOn}${other.endOn ? ` to ${other.endOn}` : ''}: one service a part at a time (put them together as one service, or end the other first)`,
    };
  return null;
}

/** The provider a council file names, by CQC location id or by name (any case). */
export type ProviderMatch = { provider: ProviderRow } | { code: string; reason: string };

/** Each named provider resolved (by the key as written): found and active, suspended, unknown, or ambiguous by name. */
export async function providersNamed(db: DbOrTx, keys: string[]): Promise<Map<string, ProviderMatch>> {
  const rows = await repo.providersByKeys(db, keys);
  const out = new Map<string, ProviderMatch>();
  for (const key of new Set(keys)) {
    const byCqc = rows.find((p) => p.cqcLocationId === key);
    const byName = rows.filter((p) => p.name.toLowerCase() === key.toLowerCase());
    const found = byCqc ?? (byName.length === 1 ? byName[0] : undefined);
    if (!found && byName.length > 1)
      out.set(key, {
        code: 'provider_ambiguous',
        reason: `${byName.length} providers are named ${key}: give its CQC location id`,
      });
    else if (!found)
      out.set(key, {
        code: 'provider_not_found',
        reason: `no provider has the CQC location id or name ${key}: add it to the providers list first`,
      });
    else if (found.status === 'suspended')
      out.set(key, { code: 'provider_suspended', reason: `${found.name} is suspended and takes no new services` });
    else out.set(key, { provider: found });
  }
  return out;
}

/**
 * Records live services from an import in `tx`, as the care module starts them: under a live
 * budget's part, by the provider named (none for a direct payment), from the council's start
 * date, with its planned end and unit costing kept beside the weekly cost, marked as imported.
 * Each emits `care_service.started` (marked imported) and has an audit row; the import audits
 * the batch. The checks are `serviceFitProblem` and `providersNamed`, run by the caller.
 */
export async function recordImportedServices(tx: Tx, actor: Actor, batch: ImportedService[]): Promise<void> {
  const user = asUser(actor.principal, 'Services are imported by colleagues.');
  if (!batch.length) return;
  const budgets = new Map(
    (
      await budgetRepository.byIds(
        tx,
        batch.map((s) => s.budgetId),
      )
    ).map((b) => [b.id, b]),
  );
  const now = actor.now();
  const rows = batch.map((s) => ({
    id: s.id,
    budgetId: s.budgetId,
    personId: budgets.get(s.budgetId)!.personId,
    part: s.part,
    planLine: null,
    what: s.what,
    providerId: s.providerId,
    weeklyPence: s.weeklyPence,
    startOn: s.startOn,
    plannedEndOn: s.plannedEndOn,
    unitCostPence: s.unitCostPence,
    unitsPerWeek: s.unitsPerWeek,
    importedFrom: s.source,
    createdById: user.userId,
    createdAt: now,
  }));
  await repo.insertServices(tx, rows);
  const events: NewEvent[] = rows.map((r) => ({
    type: 'care_service.started',
    subjectType: 'care_service',
    subjectId: r.id,
    data: {
      personId: r.personId,
      budgetId: r.budgetId,
      providerId: r.providerId,
      part: r.part,
      weeklyPence: r.weeklyPence,
      startOn: r.startOn,
      replacesId: null,
      carerSupport: null,
      caredForPersonId: null,
      imported: true,
    },
  }));
  for (const r of rows)
    await actor.audit(tx, {
      action: 'care_service.import',
      resourceType: 'care_service',
      resourceId: r.id,
      personId: r.personId,
    });
  await recordEvents(tx, events);
}
