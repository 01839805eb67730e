import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkImportRow,
  importedCodes,
  mappingProblems,
  safeguardingImportCodeLists,
  safeguardingImportStages,
  safeguardingRiskTypes,
  type ImportMappingDefinition,
} from '../src/index.js';

const mapping: ImportMappingDefinition = {
  idColumn: 'SG_ID',
  columns: {
    personId: 'PERSON_ID',
    stage: 'STAGE',
    raisedAt: 'RAISED',
    enquiryOpenedAt: 'S42_START',
    riskTypes: 'CATEGORY',
    locations: 'LOCATION',
    sources: 'SOURCE',
    raisedBy: 'REFERRER',
    lead: 'WORKER',
    desiredOutcomes: 'MSP',
    status: 'STATUS',
  },
  valueMaps: {
    stage: { CONCERN: 'concern', S42: 's42_enquiry', OTHER: 'other_enquiry' },
    riskTypes: { PHY: 'physical', FIN: 'financial_or_material', NEG: 'neglect_and_acts_of_omission' },
    locations: { HOME: 'own_home', CHR: 'care_home_residential' },
    sources: { SP: 'service_provider', KNOWN: 'other_known_to_individual' },
  },
  dateFormat: 'dmy',
};
const context = { today: '2026-11-30', codeLists: safeguardingImportCodeLists };
const row = (over: Record<string, string> = {}) => ({
  SG_ID: 'SG1',
  PERSON_ID: 'P1',
  STAGE: 'S42',
  RAISED: '02/11/2026 09:30',
  S42_START: '05/11/2026',
  CATEGORY: 'PHY; FIN',
  LOCATION: 'HOME',
  SOURCE: 'KNOWN',
  REFERRER: 'District nurse',
  WORKER: 'sam@practice.example',
  MSP: 'To feel safe at home',
  STATUS: 'Open',
  ...over,
});
const codes = (over: Record<string, string>) =>
  checkImportRow('safeguarding', mapping, row(over), context).problems.map((p) => [p.field, p.code]);

describe('an open safeguarding row', () => {
  it('reads the stage and every risk type through the value maps, the dates as UTC', () => {
    const checked = checkImportRow('safeguarding', mapping, row(), context);
    expect(checked.problems).toEqual([]);
    expect(checked.values).toMatchObject({
      personId: 'P1',
      stage: 's42_enquiry',
      raisedAt: '2026-11-02T09:30:00.000Z',
      enquiryOpenedAt: '2026-11-05T00:00:00.000Z',
      riskTypes: 'physical;financial_or_material',
      locations: 'own_home',
      sources: 'other_known_to_individual',
      lead: 'sam@practice.example',
    });
    expect(importedCodes(checked.values.riskTypes)).toEqual(['physical', 'financial_or_material']);
  });

  it('reports each broken rule on its field', () => {
    expect(codes({ PERSON_ID: '' })).toEqual([['personId', 'required']]);
    expect(codes({ STAGE: 'CLOSED' })).toEqual([['stage', 'not_on_code_list']]);
    expect(codes({ RAISED: '31/02/2026' })).toEqual([['raisedAt', 'invalid_timestamp']]);
    expect(codes({ RAISED: '01/01/2027', S42_START: '' })).toEqual([['raisedAt', 'future_date']]);
    expect(codes({ CATEGORY: 'PHY;WITCHCRAFT' })).toEqual([['riskTypes', 'not_on_code_list']]);
    expect(codes({ CATEGORY: ' ; ' })).toEqual([['riskTypes', 'required']]);
    expect(codes({ LOCATION: 'PUB' })).toEqual([['locations', 'not_on_code_list']]);
    expect(codes({ SOURCE: 'STRANGER' })).toEqual([['sources', 'not_on_code_list']]);
    expect(codes({ WORKER: 'sam at the office' })).toEqual([['lead', 'invalid_email']]);
    expect(codes({ STATUS: 'Closed' })).toEqual([['status', 'case_not_open']]);
    expect(codes({ S42_START: '01/11/2026' })).toEqual([['enquiryOpenedAt', 'enquiry_before_concern']]);
    expect(codes({ STAGE: 'CONCERN' })).toEqual([['enquiryOpenedAt', 'not_an_enquiry']]);
    expect(codes({ STAGE: 'CONCERN', S42_START: '', WORKER: '', MSP: '', LOCATION: '', SOURCE: '' })).toEqual([]);
  });

  it('needs the person, the stage, the raised time and the risk types mapped; takes value maps on the lists', () => {
    expect(
      mappingProblems('safeguarding', { idColumn: 'ID', columns: { lead: 'W' }, valueMaps: { sources: {} } }).map(
        (p) => p.field,
      ),
    ).toEqual(['columns.personId', 'columns.stage', 'columns.raisedAt', 'columns.riskTypes']);
  });

  it('takes any set of the risk types in any separator, once each; refuses one code off the list', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...safeguardingImportStages),
        fc.uniqueArray(fc.constantFrom(...safeguardingRiskTypes), { minLength: 1 }),
        fc.constantFrom(';', '|', ','),
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((s) => /^[A-Z]+$/.test(s) && !(s in mapping.valueMaps!.riskTypes!)),
        (stage, types, sep, stray) => {
          const over = { STAGE: stage, S42_START: '', CATEGORY: [...types, types[0]!].join(` ${sep} `) };
          const good = checkImportRow('safeguarding', mapping, row(over), context);
          expect(good.problems).toEqual([]);
          expect(importedCodes(good.values.riskTypes)).toEqual(types);
          const bad = checkImportRow(
            'safeguarding',
            mapping,
            row({ ...over, CATEGORY: `${types.join(sep)}${sep}${stray}` }),
            context,
          );
          expect(bad.problems.map((p) => p.code)).toEqual(['not_on_code_list']);
        },
      ),
    );
  });
});
