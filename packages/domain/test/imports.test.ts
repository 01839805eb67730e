import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkImportRow,
  mappingProblems,
  missingColumns,
  nhsNumberFromSeed,
  readImportDate,
  type ImportMappingDefinition,
} from '../src/index.js';

const mapping: ImportMappingDefinition = {
  idColumn: 'ID',
  columns: { givenName: 'F', familyName: 'S', dateOfBirth: 'DOB', nhsNumber: 'NHS', postcode: 'PC', ethnicity: 'ETH' },
  valueMaps: { ethnicity: { WBRI: 'A1' } },
  dateFormat: 'dmy',
};
const context = { today: '2026-11-30', codeLists: { ethnicity: new Set(['A1', 'A2']) } };
const row = (over: Record<string, string> = {}) => ({
  ID: 'X1',
  F: 'Ann',
  S: 'Smith',
  DOB: '06/05/1941',
  NHS: nhsNumberFromSeed(1),
  PC: 'sy2 6nd',
  ETH: 'WBRI',
  ...over,
});

describe('mappings', () => {
  it('refuses a field that does not exist, a required field left out and a value map on free text', () => {
    const problems = mappingProblems('people', {
      idColumn: ' ',
      columns: { givenName: 'F', shoeSize: 'SHOE' },
      valueMaps: { town: { a: 'b' } },
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['idColumn', 'id_column_required'],
      ['columns.shoeSize', 'unknown_field'],
      ['columns.familyName', 'field_required'],
      ['valueMaps.town', 'not_a_code_field'],
    ]);
    expect(mappingProblems('people', mapping)).toEqual([]);
  });

  it('names the mapped columns a header lacks', () => {
    expect(missingColumns(mapping, ['ID', 'F', 'S', 'DOB', 'NHS', 'PC', 'ETH'])).toEqual([]);
    expect(missingColumns(mapping, [' ID ', 'F', 'NHS'])).toEqual(['S', 'DOB', 'PC', 'ETH']);
  });
});

describe('a row', () => {
  it('is read through the mapping and normalised like the API does', () => {
    expect(checkImportRow('people', mapping, row(), context)).toEqual({
      externalId: 'X1',
      values: {
        givenName: 'Ann',
        familyName: 'Smith',
        dateOfBirth: '1941-05-06',
        nhsNumber: nhsNumberFromSeed(1),
        postcode: 'SY2 6ND',
        ethnicity: 'A1',
      },
      problems: [],
    });
  });

  it('reports every problem in the row at once', () => {
    const checked = checkImportRow(
      'people',
      mapping,
      row({ ID: '', F: '', DOB: '31/02/1950', NHS: '123', PC: 'nope', ETH: 'XX' }),
      context,
    );
    expect(checked.problems.map((p) => p.code)).toEqual([
      'id_missing',
      'required',
      'invalid_date',
      'invalid_nhs_number',
      'invalid_postcode',
      'not_on_code_list',
    ]);
  });

  it('reads dates in the file’s format and refuses days that do not exist', () => {
    expect(readImportDate('6/5/1941', 'dmy')).toBe('1941-05-06');
    expect(readImportDate('1941-05-06')).toBe('1941-05-06');
    expect(readImportDate('1941-05-06T00:00:00')).toBe('1941-05-06');
    expect(readImportDate('29/02/2023', 'dmy')).toBeNull();
    expect(readImportDate('1941-05-06', 'dmy')).toBeNull();
  });

  it('never throws and never passes an invalid NHS number, whatever the cells hold', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('ID', 'F', 'S', 'DOB', 'NHS', 'PC', 'ETH'), fc.string()), (cells) => {
        const checked = checkImportRow('people', mapping, cells, context);
        if (checked.problems.length === 0) {
          expect(checked.externalId).toBeTruthy();
          expect(typeof checked.values.givenName).toBe('string');
          if (checked.values.nhsNumber !== null) expect(checked.values.nhsNumber).toMatch(/^\d{10}$/);
        }
      }),
    );
  });

  it('accepts every valid NHS number and every real past date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 899_999 }),
        fc.date({ min: new Date('1900-01-01'), max: new Date('2026-11-29'), noInvalidDate: true }),
        (seed, date) => {
          const iso = date.toISOString().slice(0, 10);
          const [y, m, d] = iso.split('-');
          const checked = checkImportRow(
            'people',
            mapping,
            row({ NHS: nhsNumberFromSeed(seed), DOB: `${d}/${m}/${y}` }),
            context,
          );
          expect(checked.problems).toEqual([]);
          expect(checked.values.dateOfBirth).toBe(iso);
        },
      ),
    );
  });
});

describe('a relationship row', () => {
  const rel: ImportMappingDefinition = {
    idColumn: 'R',
    columns: { personId: 'A', relatedPersonId: 'B', type: 'T', isMainCarer: 'M' },
  };
  const ctx = { today: '2026-11-30', codeLists: { type: new Set(['unpaid_carer_of', 'spouse_or_partner']) } };

  it('needs both people and a type, two different people, and a main carer only when caring', () => {
    expect(mappingProblems('relationships', { idColumn: 'R', columns: { personId: 'A' } }).map((p) => p.field)).toEqual(
      ['columns.relatedPersonId', 'columns.type'],
    );
    expect(
      checkImportRow('relationships', rel, { R: '1', A: 'P1', B: 'P2', T: 'unpaid_carer_of', M: 'yes' }, ctx),
    ).toEqual({
      externalId: '1',
      values: { personId: 'P1', relatedPersonId: 'P2', type: 'unpaid_carer_of', isMainCarer: true },
      problems: [],
    });
    const codes = (cells: Record<string, string>) =>
      checkImportRow('relationships', rel, { R: '1', ...cells }, ctx).problems.map((p) => p.code);
    expect(codes({ A: 'P1', B: 'P1', T: 'spouse_or_partner' })).toEqual(['same_person']);
    expect(codes({ A: 'P1', B: 'P2', T: 'spouse_or_partner', M: 'Y' })).toEqual(['main_carer_not_caring']);
    expect(codes({ A: '', B: 'P2', T: 'cousin_of' })).toEqual(['required', 'not_on_code_list']);
  });
});
