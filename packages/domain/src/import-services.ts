/**
 * Care and support services of a live personal budget, brought in from a council's system: the
 * council's live packages, each delivered by a provider (or the person, under a direct payment)
 * from a start date, at a weekly cost, paid from one part of a budget imported first. A service's
 * cost is written as a weekly amount, or as a unit cost and the units (hours, visits) a week —
 * the support plan's own line costing (`lineWeeklyCost`) — or both, when they must agree.
 */
import { careServiceParts } from './care-services.js';
import type { FieldProblem, ImportField } from './imports.js';
import { lineWeeklyCost } from './money.js';

export const serviceImportFields: Readonly<Record<string, ImportField>> = {
  /** The council's id of the live budget the service is paid from (imported first, from the same system). */
  budgetId: { type: 'reference', required: true, maxLength: 200 },
  /**
   * Which part of the budget pays for it: one of `careServiceParts`. Blank: the budget's one
   * method (a mixed budget needs it named).
   */
  part: { type: 'code', maxLength: 40 },
  /** What the service is, in the council's words (home care, day opportunities …). */
  serviceType: { type: 'text', required: true, maxLength: 500 },
  /** The provider, by its CQC location id or its name on the practice's provider list; blank only for a direct payment. */
  provider: { type: 'text', maxLength: 200 },
  /** The first day it is delivered (it may lie ahead: a package arranged to start). */
  startOn: { type: 'date', required: true, future: true },
  /** The day it is planned to end, if the council set one (not an ending: the service is still live). */
  plannedEndOn: { type: 'date', future: true },
  /** The weekly cost, in pounds as the council writes it; held as integer pence. */
  weeklyCost: { type: 'pence' },
  /** The cost of one unit (an hour, a visit), in pounds; held as integer pence. */
  unitCost: { type: 'pence' },
  /** Units (hours, visits) a week, in quarter steps (15-minute calls): 10.5, 7.25. */
  unitsPerWeek: { type: 'text', maxLength: 12 },
};

/** The code lists of the coded fields of a services import. */
export const serviceImportCodeLists: Readonly<Record<string, ReadonlySet<string>>> = {
  part: new Set(careServiceParts),
};

type Values = Readonly<Record<string, string | boolean | null>>;
const penceOf = (v: string | boolean | null | undefined): number | null => (typeof v === 'string' ? Number(v) : null);
const UNITS = /^\d{1,6}(?:\.\d{1,2})?$/;

/** Units a week from a checked row (null when blank or not a number of units). */
export function importedUnitsPerWeek(values: Values): number | null {
  const units = values.unitsPerWeek;
  return typeof units === 'string' && UNITS.test(units) && Number.isSafeInteger(Number(units) * 4)
    ? Number(units)
    : null;
}

/** The weekly cost in pence of a checked, good row: as written, else the unit cost times the units. */
export function importedServiceWeeklyPence(values: Values): number {
  const weekly = penceOf(values.weeklyCost);
  if (weekly !== null) return weekly;
  return lineWeeklyCost(penceOf(values.unitCost)!, importedUnitsPerWeek(values)!);
}

/**
 * The service rules beyond each field's own: a cost (weekly, or unit cost and units, agreeing when
 * both are given) never below nothing; units a week in quarter steps; a planned end not before the
 * start and not already past (a service past its end is history, not a live package); a provider
 * unless the part is a direct payment (the care module's rule; a blank part is settled against
 * the budget in the dry run). `already`: the row's problems so far (a cost cell not read is not
 * also reported missing).
 */
export function serviceRowProblems(
  values: Values,
  today: string,
  already: readonly FieldProblem[] = [],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const fault = (field: string, code: string, reason: string) => problems.push({ field, code, reason });
  const weekly = penceOf(values.weeklyCost);
  const unitCost = penceOf(values.unitCost);
  const rawUnits = values.unitsPerWeek;
  const units = importedUnitsPerWeek(values);
  for (const [field, pence] of [
    ['weeklyCost', weekly],
    ['unitCost', unitCost],
  ] as const)
    if (pence !== null && pence < 0) fault(field, 'amount_negative', 'a cost cannot be below £0.00');
  if (typeof rawUnits === 'string' && units === null)
    fault(
      'unitsPerWeek',
      'invalid_units',
      `"${rawUnits}" is not a number of units a week in quarter steps (10.5, 7.25)`,
    );
  if (unitCost !== null && typeof rawUnits !== 'string')
    fault('unitsPerWeek', 'units_missing', 'a unit cost needs the units a week it is paid for');
  const costUnread = already.some((p) => ['weeklyCost', 'unitCost', 'unitsPerWeek'].includes(p.field));
  if (weekly === null && (unitCost === null || typeof rawUnits !== 'string') && !costUnread && !problems.length)
    fault('weeklyCost', 'cost_missing', 'give the weekly cost, or the unit cost and the units a week');
  if (weekly !== null && weekly >= 0 && unitCost !== null && unitCost >= 0 && units !== null) {
    const fromUnits = lineWeeklyCost(unitCost, units);
    if (fromUnits !== weekly)
      fault(
        'weeklyCost',
        'cost_does_not_match_units',
        `${units} units at the unit cost come to ${fromUnits} pence a week, not ${weekly}`,
      );
  }
  const startOn = values.startOn;
  const endOn = values.plannedEndOn;
  if (typeof endOn === 'string') {
    if (typeof startOn === 'string' && endOn < startOn)
      fault('plannedEndOn', 'end_before_start', 'a service cannot end before it starts');
    else if (endOn < today)
      fault(
        'plannedEndOn',
        'planned_end_passed',
        'the planned end has passed: only live services are imported (one that ran on needs a new planned end)',
      );
  }
  const part = values.part;
  if (typeof part === 'string' && part !== 'direct_payment' && typeof values.provider !== 'string')
    fault('provider', 'provider_required', `a ${part.replaceAll('_', ' ')} service names its provider`);
  return problems;
}
