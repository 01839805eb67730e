import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '@threefold/db';
import type { FieldProblem, RowCheckContext } from '@threefold/domain';
import {
  liveByExactNamesAndDates,
  liveByNhsNumbers,
  recordImportedPeople,
  type ImportedPerson,
} from '../../people/service.js';
import {
  cldAccommodation,
  cldEmployment,
  cldEthnicity,
  cldGender,
  cldPrimarySupportReason,
} from '../../returns/code-mappings.js';
import type { ImportJobRow } from '../repository.js';
import { addProblem, type ImportKindHandler, type RowAt } from './types.js';

/**
 * The code lists a person's coded fields are checked against: the values the practice records and
 * the Client Level Data return maps onto the national lists (see returns/code-lists.ts for the
 * sources). A council's own codes reach these through the mapping's value maps.
 */
export const personCodeLists: RowCheckContext['codeLists'] = {
  gender: new Set(Object.keys(cldGender)),
  ethnicity: new Set(Object.keys(cldEthnicity)),
  primarySupportReason: new Set(Object.keys(cldPrimarySupportReason)),
  accommodationStatus: new Set(Object.values(cldAccommodation)),
  employmentStatus: new Set(Object.values(cldEmployment)),
};

const nhsNumbersOf = (rows: RowAt[]) =>
  rows.flatMap((r) => (typeof r.values.nhsNumber === 'string' ? [r.values.nhsNumber] : []));

/** Duplicates against people already recorded: by NHS number, and by name and date of birth. */
async function checkPeople(tx: DbOrTx, _job: ImportJobRow, fresh: RowAt[]): Promise<Map<number, FieldProblem[]>> {
  const nhs = new Set((await liveByNhsNumbers(tx, nhsNumbersOf(fresh))).map((p) => p.nhsNumber));
  const pairs = fresh.flatMap((r) =>
    typeof r.values.dateOfBirth === 'string' &&
    typeof r.values.givenName === 'string' &&
    typeof r.values.familyName === 'string'
      ? [{ givenName: r.values.givenName, familyName: r.values.familyName, dateOfBirth: r.values.dateOfBirth }]
      : [],
  );
  const named = new Set((await liveByExactNamesAndDates(tx, pairs)).map((p) => `${p.fullName}|${p.dateOfBirth}`));
  const problems = new Map<number, FieldProblem[]>();
  for (const row of fresh) {
    const number = row.values.nhsNumber;
    if (typeof number === 'string' && nhs.has(number))
      addProblem(problems, row.rowNumber, {
        field: 'nhsNumber',
        code: 'duplicate_nhs_number',
        reason: 'a person with this NHS number is already recorded (not from this source): merge or correct first',
      });
    if (typeof row.values.dateOfBirth === 'string') {
      const key = `${`${row.values.givenName} ${row.values.familyName}`.toLowerCase()}|${row.values.dateOfBirth}`;
      if (named.has(key))
        addProblem(problems, row.rowNumber, {
          field: 'familyName',
          code: 'possible_duplicate',
          reason: 'a person with this name and date of birth is already recorded: check whether it is them',
        });
    }
  }
  return problems;
}

/** People, through the people module; someone recorded with the same NHS number since the dry run is left out. */
export const peopleKind: ImportKindHandler = {
  kind: 'people',
  codeLists: personCodeLists,
  checkBatch: checkPeople,
  async write(tx, actor, job, fresh, claim) {
    const taken = new Set((await liveByNhsNumbers(tx, nhsNumbersOf(fresh))).map((p) => p.nhsNumber));
    const writable = fresh.filter((r) => !(typeof r.values.nhsNumber === 'string' && taken.has(r.values.nhsNumber)));
    const people = writable.map((r) => {
      const recordId = randomUUID();
      return {
        recordId,
        externalId: r.externalId!,
        person: { id: recordId, externalId: r.externalId!, fields: r.values as ImportedPerson['fields'] },
      };
    });
    const toWrite = await claim(people);
    await recordImportedPeople(
      tx,
      actor,
      toWrite.map((p) => p.person),
      { jobId: job.id, source: job.source },
    );
    return { written: toWrite.length, left: fresh.length - writable.length };
  },
};
