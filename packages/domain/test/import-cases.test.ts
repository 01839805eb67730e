import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  caseStages,
  caseStageWords,
  checkImportRow,
  mappingProblems,
  type ImportMappingDefinition,
} from '../src/index.js';

const mapping: ImportMappingDefinition = {
  idColumn: 'CASE_ID',
  columns: {
    personId: 'PERSON_ID',
    stage: 'STAGE',
    openedAt: 'OPENED',
    heldBy: 'WORKER',
    whatMatters: 'NOTES',
    status: 'STATUS',
  },
  valueMaps: { stage: caseStageWords },
  dateFormat: 'dmy',
};
const context = { today: '2026-11-30', codeLists: { stage: new Set<string>(caseStages) } };
const row = (over: Record<string, string> = {}) => ({
  CASE_ID: 'C1',
  PERSON_ID: 'P1',
  STAGE: 'at_risk',
  OPENED: '03/10/2026 09:30',
  WORKER: 'sam@practice.example',
  NOTES: 'To stay at home with the cat.',
  STATUS: 'Open',
  ...over,
});

describe('an open case row', () => {
  it('reads the stage through the value map, the opened time as UTC and the holder by email', () => {
    const checked = checkImportRow('cases', mapping, row(), context);
    expect(checked.problems).toEqual([]);
    expect(checked.values).toMatchObject({
      personId: 'P1',
      stage: 'conversation_2',
      openedAt: '2026-10-03T09:30:00.000Z',
      heldBy: 'sam@practice.example',
    });
  });

  it('reports each broken rule on its field', () => {
    const codes = (over: Record<string, string>) =>
      checkImportRow('cases', mapping, row(over), context).problems.map((p) => [p.field, p.code]);
    expect(codes({ PERSON_ID: '' })).toEqual([['personId', 'required']]);
    expect(codes({ STAGE: 'closed' })).toEqual([['stage', 'not_on_code_list']]);
    expect(codes({ OPENED: '31/02/2026' })).toEqual([['openedAt', 'invalid_timestamp']]);
    expect(codes({ OPENED: '01/01/2027' })).toEqual([['openedAt', 'future_date']]);
    expect(codes({ WORKER: 'sam at the office' })).toEqual([['heldBy', 'invalid_email']]);
    expect(codes({ NOTES: 'x'.repeat(4001) })).toEqual([['whatMatters', 'too_long']]);
    expect(codes({ STATUS: 'closed' })).toEqual([['status', 'case_not_open']]);
    expect(codes({ STATUS: '' })).toEqual([]);
  });

  it('needs the person, the stage and the opened time mapped', () => {
    expect(mappingProblems('cases', { idColumn: 'ID', columns: { heldBy: 'W' } }).map((p) => p.field)).toEqual([
      'columns.personId',
      'columns.stage',
      'columns.openedAt',
    ]);
  });

  it('takes every stage and any holder with an email shape; refuses any holder without an @', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...caseStages),
        fc.emailAddress(),
        fc.string({ maxLength: 60 }).filter((s) => !s.includes('@') && s.trim() !== ''),
        (stage, email, notEmail) => {
          const good = checkImportRow('cases', mapping, row({ STAGE: stage, WORKER: email }), context);
          expect(good.problems).toEqual([]);
          expect(good.values.stage).toBe(stage);
          const bad = checkImportRow('cases', mapping, row({ STAGE: stage, WORKER: notEmail }), context);
          expect(bad.problems.map((p) => p.code)).toEqual(['invalid_email']);
        },
      ),
    );
  });
});
