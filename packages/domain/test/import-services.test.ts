import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkImportRow,
  formatPounds,
  importedServiceWeeklyPence,
  importedUnitsPerWeek,
  lineWeeklyCost,
  mappingProblems,
  serviceImportCodeLists,
  type ImportMappingDefinition,
} from '../src/index.js';

const mapping: ImportMappingDefinition = {
  idColumn: 'SVC_ID',
  columns: {
    budgetId: 'PB_ID',
    part: 'PART',
    serviceType: 'TYPE',
    provider: 'PROVIDER',
    startOn: 'START',
    plannedEndOn: 'END',
    weeklyCost: 'WEEKLY',
    unitCost: 'UNIT',
    unitsPerWeek: 'HOURS',
  },
  valueMaps: { part: { CM: 'council_managed', DP: 'direct_payment' } },
  dateFormat: 'dmy',
};
const context = { today: '2026-11-30', codeLists: serviceImportCodeLists };
const row = (over: Record<string, string> = {}) => ({
  SVC_ID: 'S1',
  PB_ID: 'PB1',
  PART: 'CM',
  TYPE: 'Home care',
  PROVIDER: '1-101',
  START: '01/04/2026',
  END: '',
  WEEKLY: '£210.00',
  UNIT: '£21.00',
  HOURS: '10',
  ...over,
});
const check = (over: Record<string, string> = {}) => checkImportRow('services', mapping, row(over), context);
const codes = (over: Record<string, string> = {}) => check(over).problems.map((p) => [p.field, p.code]);

describe('a services import row', () => {
  it('reads a good row, its part through the value map and its costs as pence', () => {
    const r = check();
    expect(r.problems).toEqual([]);
    expect(r.values).toMatchObject({ budgetId: 'PB1', part: 'council_managed', weeklyCost: '21000', unitCost: '2100' });
    expect(importedServiceWeeklyPence(r.values)).toBe(21000);
    expect(importedUnitsPerWeek(r.values)).toBe(10);
  });

  it('needs the budget and what the service is mapped', () => {
    expect(
      mappingProblems('services', { idColumn: 'SVC_ID', columns: { startOn: 'START' } }).map((p) => p.field),
    ).toEqual(['columns.budgetId', 'columns.serviceType']);
  });

  it('takes the weekly cost from the unit cost and units when it is blank (quarter hours, half pennies up)', () => {
    const r = check({ WEEKLY: '', UNIT: '£19.99', HOURS: '7.25' });
    expect(r.problems).toEqual([]);
    expect(importedServiceWeeklyPence(r.values)).toBe(lineWeeklyCost(1999, 7.25));
    expect(importedServiceWeeklyPence(r.values)).toBe(14493);
  });

  it('refuses each broken rule with its own code', () => {
    expect(codes({ WEEKLY: '', UNIT: '', HOURS: '' })).toEqual([['weeklyCost', 'cost_missing']]);
    expect(codes({ WEEKLY: '', HOURS: '' })).toEqual([['unitsPerWeek', 'units_missing']]);
    expect(codes({ HOURS: 'ten' })).toEqual([['unitsPerWeek', 'invalid_units']]);
    expect(codes({ HOURS: '10.1' })).toEqual([['unitsPerWeek', 'invalid_units']]);
    expect(codes({ WEEKLY: '-£5', UNIT: '', HOURS: '' })).toEqual([['weeklyCost', 'amount_negative']]);
    expect(codes({ WEEKLY: '£200.00' })).toEqual([['weeklyCost', 'cost_does_not_match_units']]);
    expect(codes({ WEEKLY: 'lots', UNIT: '', HOURS: '' })).toEqual([['weeklyCost', 'invalid_amount']]);
    expect(codes({ END: '01/03/2026' })).toEqual([['plannedEndOn', 'end_before_start']]);
    expect(codes({ END: '29/11/2026' })).toEqual([['plannedEndOn', 'planned_end_passed']]);
    expect(codes({ START: '31/02/2026' })).toEqual([['startOn', 'invalid_date']]);
    expect(codes({ PART: 'cash' })).toEqual([['part', 'not_on_code_list']]);
    expect(codes({ PROVIDER: '' })).toEqual([['provider', 'provider_required']]);
  });

  it('lets a direct payment go without a provider, a start and planned end lie ahead, and units stand beside a weekly cost', () => {
    expect(codes({ PART: 'DP', PROVIDER: '', START: '01/01/2027', END: '31/12/2027' })).toEqual([]);
    expect(codes({ UNIT: '' })).toEqual([]);
  });

  it('agrees a weekly cost with its unit cost and units exactly when it is their line cost', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 400 }), (unit, quarters) => {
        const hours = String(quarters / 4);
        const weekly = lineWeeklyCost(unit, quarters / 4);
        const r = check({ UNIT: formatPounds(unit), HOURS: hours, WEEKLY: formatPounds(weekly) });
        expect(r.problems).toEqual([]);
        expect(codes({ UNIT: formatPounds(unit), HOURS: hours, WEEKLY: formatPounds(weekly + 1) })).toEqual([
          ['weeklyCost', 'cost_does_not_match_units'],
        ]);
      }),
    );
  });
});
