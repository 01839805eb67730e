import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '@threefold/db';
import {
  importedServiceWeeklyPence,
  importedUnitsPerWeek,
  serviceImportCodeLists,
  type CareServicePart,
  type FieldProblem,
} from '@threefold/domain';
import {
  budgetsForServices,
  providersNamed,
  recordImportedServices,
  serviceFitProblem,
  type BudgetForServices,
  type ImportedService,
  type ProviderMatch,
} from '../../care/imported.js';
import type { ImportJobRow } from '../repository.js';
import { allChecks, importedRecords, referenceCheck } from './references.js';
import { addProblem, type ImportKindHandler, type RowAt } from './types.js';

const BUDGET = ['budgetId'] as const;

const text = (v: string | boolean | null | undefined): string | null => (typeof v === 'string' ? v : null);

/** What the rows name: their imported budgets (with the care module's view of them) and their providers. */
async function named(tx: DbOrTx, job: ImportJobRow, rows: RowAt[]) {
  const budgetIds = await importedRecords(tx, job, 'budgets', rows, BUDGET);
  const budgets = await budgetsForServices(tx, [...budgetIds.values()]);
  const providers = await providersNamed(
    tx,
    rows.flatMap((r) => (typeof r.values.provider === 'string' ? [r.values.provider] : [])),
  );
  return { budgetIds, budgets, providers };
}

type Planned =
  | { ok: true; budget: BudgetForServices; part: CareServicePart; providerId: string | null }
  | { ok: false; problems: FieldProblem[] };

/**
 * A row against its budget and provider: the part (the budget's one method when blank), the care
 * module's rules for starting a service under the budget, and the provider it names. On success
 * the service takes its place in the budget's part, so a later row of the file overlapping it is
 * refused as a service already there would refuse it.
 */
function plan(row: RowAt, lookups: Awaited<ReturnType<typeof named>>, problems: FieldProblem[] = []): Planned | null {
  const budget = lookups.budgets.get(lookups.budgetIds.get(row.values.budgetId as string) ?? '');
  if (!budget) return null; // not imported: the reference check's problem
  const given = text(row.values.part) as CareServicePart | null;
  const part = given ?? (budget.parts.length === 1 ? budget.parts[0]! : null);
  if (!part)
    problems.push({
      field: 'part',
      code: 'part_required',
      reason: 'the budget is mixed: name the part that pays for the service',
    });
  const fit = part ? serviceFitProblem(budget, part, row.values.startOn as string) : null;
  if (fit) problems.push({ field: fit.code === 'start_before_budget' ? 'startOn' : 'part', ...fit });
  const key = text(row.values.provider);
  const match: ProviderMatch | undefined = key ? lookups.providers.get(key) : undefined;
  if (match && 'code' in match) problems.push({ field: 'provider', code: match.code, reason: match.reason });
  if (!key && part && part !== 'direct_payment')
    problems.push({
      field: 'provider',
      code: 'provider_required',
      reason: `a ${part.replaceAll('_', ' ')} service names its provider`,
    });
  if (problems.length || !part) return { ok: false, problems };
  budget.services.push({ part, startOn: row.values.startOn as string, endOn: null });
  return { ok: true, budget, part, providerId: match && 'provider' in match ? match.provider.id : null };
}

/** The rows' budgets were imported, and each row fits its budget and names a provider the care module takes. */
async function checkServices(tx: DbOrTx, job: ImportJobRow, fresh: RowAt[]): Promise<Map<number, FieldProblem[]>> {
  const lookups = await named(tx, job, fresh);
  const problems = new Map<number, FieldProblem[]>();
  for (const row of fresh) {
    // A row bad in itself is not written, so it takes no place in its budget.
    if (row.problems.length) continue;
    const planned = plan(row, lookups);
    if (planned && !planned.ok) for (const p of planned.problems) addProblem(problems, row.rowNumber, p);
  }
  return problems;
}

/** The live services of budgets imported first, through the care module. */
export const servicesKind: ImportKindHandler = {
  kind: 'services',
  codeLists: serviceImportCodeLists,
  checkBatch: allChecks(referenceCheck('budgets', BUDGET), checkServices),
  async write(tx, actor, job, fresh, claim) {
    const lookups = await named(tx, job, fresh);
    const services: { recordId: string; externalId: string; service: ImportedService }[] = [];
    for (const r of fresh) {
      // The budget missing, ended or filled since the dry run, or the provider gone: left out.
      const planned = plan(r, lookups);
      if (!planned?.ok) continue;
      const recordId = randomUUID();
      const unitCost = text(r.values.unitCost);
      services.push({
        recordId,
        externalId: r.externalId!,
        service: {
          id: recordId,
          budgetId: planned.budget.id,
          part: planned.part,
          what: r.values.serviceType as string,
          providerId: planned.providerId,
          weeklyPence: importedServiceWeeklyPence(r.values),
          startOn: r.values.startOn as string,
          plannedEndOn: text(r.values.plannedEndOn),
          unitCostPence: unitCost === null ? null : Number(unitCost),
          unitsPerWeek: importedUnitsPerWeek(r.values),
          source: job.source,
        },
      });
    }
    const toWrite = await claim(services);
    await recordImportedServices(
      tx,
      actor,
      toWrite.map((s) => s.service),
    );
    return { written: toWrite.length, left: fresh.length - services.length };
  },
};
