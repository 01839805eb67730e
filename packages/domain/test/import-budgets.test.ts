import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  budgetManagementMethods,
  checkImportRow,
  directPaymentSections,
  formatPounds,
  importedManagement,
  mappingProblems,
  type ImportMappingDefinition,
} from '../src/index.js';

const mapping: ImportMappingDefinition = {
  idColumn: 'PB_ID',
  columns: {
    personId: 'PERSON_ID',
    weeklyAmount: 'WEEKLY',
    startOn: 'START',
    managedAs: 'MANAGED',
    directPaymentWeekly: 'DP_PART',
    councilManagedWeekly: 'CM_PART',
    individualServiceFundWeekly: 'ISF_PART',
    directPaymentSection: 'DP_SECTION',
    authorisedPerson: 'AUTH_PERSON',
    nextReviewOn: 'REVIEW_DUE',
  },
  valueMaps: { managedAs: { DP: 'direct_payment', Managed: 'council_managed', Mixed: 'mixed' } },
  dateFormat: 'dmy',
};
const context = {
  today: '2026-11-30',
  codeLists: {
    managedAs: new Set<string>(budgetManagementMethods),
    directPaymentSection: new Set<string>(directPaymentSections),
  },
};
const row = (over: Record<string, string> = {}) => ({
  PB_ID: 'PB1',
  PERSON_ID: 'P1',
  WEEKLY: '£1,234.56',
  START: '01/04/2026',
  MANAGED: 'DP',
  DP_PART: '',
  CM_PART: '',
  ISF_PART: '',
  DP_SECTION: 's31',
  AUTH_PERSON: '',
  REVIEW_DUE: '01/04/2027',
  ...over,
});
const codes = (over: Record<string, string>) =>
  checkImportRow('budgets', mapping, row(over), context).problems.map((p) => [p.field, p.code]);

describe('a live budget row', () => {
  it('reads pounds as whole pence, the method through the value map, and a review due ahead', () => {
    const checked = checkImportRow('budgets', mapping, row(), context);
    expect(checked.problems).toEqual([]);
    expect(checked.values).toMatchObject({
      personId: 'P1',
      weeklyAmount: '123456',
      startOn: '2026-04-01',
      managedAs: 'direct_payment',
      nextReviewOn: '2027-04-01',
    });
    expect(importedManagement(checked.values)).toEqual({
      method: 'direct_payment',
      parts: [],
      directPayment: { section: 's31', authorisedPerson: undefined, conditions: [] },
    });
  });

  it('takes a mix split into parts that add up to the weekly amount', () => {
    const checked = checkImportRow(
      'budgets',
      mapping,
      row({ MANAGED: 'Mixed', DP_PART: '200', CM_PART: '£1,034.56' }),
      context,
    );
    expect(checked.problems).toEqual([]);
    expect(importedManagement(checked.values).parts).toEqual([
      { method: 'direct_payment', weeklyPence: 20000 },
      { method: 'council_managed', weeklyPence: 103456 },
    ]);
  });

  it('reports each broken rule on its field', () => {
    expect(codes({ PERSON_ID: '' })).toEqual([['personId', 'required']]);
    expect(codes({ WEEKLY: '12.345' })).toEqual([['weeklyAmount', 'invalid_amount']]);
    expect(codes({ WEEKLY: 'about £50' })).toEqual([['weeklyAmount', 'invalid_amount']]);
    expect(codes({ WEEKLY: '0.00' })).toEqual([['weeklyAmount', 'amount_not_positive']]);
    expect(codes({ WEEKLY: '-£5' })).toEqual([['weeklyAmount', 'amount_not_positive']]);
    expect(codes({ START: '31/02/2026' })).toEqual([['startOn', 'invalid_date']]);
    expect(codes({ START: '01/01/2027' })).toEqual([['startOn', 'future_date']]);
    expect(codes({ REVIEW_DUE: '2027-04-01' })).toEqual([['nextReviewOn', 'invalid_date']]);
    expect(codes({ REVIEW_DUE: '31/03/2026' })).toEqual([['nextReviewOn', 'review_before_start']]);
    expect(codes({ MANAGED: 'cash' })).toEqual([['managedAs', 'not_on_code_list']]);
    expect(codes({ DP_PART: '10' })).toEqual([['directPaymentWeekly', 'part_without_mix']]);
    expect(codes({ MANAGED: 'Mixed', DP_PART: '1234.56' })).toEqual([['managedAs', 'mixed_needs_two_methods']]);
    expect(codes({ MANAGED: 'Mixed', DP_PART: '1000', CM_PART: '200' })).toEqual([
      ['managedAs', 'mixed_parts_do_not_match_total'],
    ]);
    expect(codes({ MANAGED: 'Mixed', DP_PART: '0', CM_PART: '1234.56' })).toEqual([
      ['directPaymentWeekly', 'amount_not_positive'],
    ]);
    expect(codes({ DP_SECTION: 's32' })).toEqual([['authorisedPerson', 'authorised_person_required']]);
    expect(codes({ DP_SECTION: 's32', AUTH_PERSON: 'Ann Lee (daughter)' })).toEqual([]);
    // The council's file may not say under which section a direct payment is made.
    expect(codes({ DP_SECTION: '' })).toEqual([]);
  });

  it('needs the person, the amount, the start, the method and the next review mapped', () => {
    expect(mappingProblems('budgets', { idColumn: 'ID', columns: {} }).map((p) => p.field)).toEqual([
      'columns.personId',
      'columns.weeklyAmount',
      'columns.startOn',
      'columns.managedAs',
      'columns.nextReviewOn',
    ]);
  });

  it('reads any positive amount written as pounds back to the same pence; refuses zero and less', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }), (pence) => {
        const checked = checkImportRow('budgets', mapping, row({ WEEKLY: formatPounds(pence) }), context);
        if (pence > 0) {
          expect(checked.problems).toEqual([]);
          expect(Number(checked.values.weeklyAmount)).toBe(pence);
        } else expect(checked.problems.map((p) => p.code)).toEqual(['amount_not_positive']);
      }),
    );
  });
});
