import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '@threefold/db';
import {
  budgetManagementMethods,
  directPaymentSections,
  importedManagement,
  type FieldProblem,
  type IsoDate,
} from '@threefold/domain';
import { peopleWithLiveBudget, recordImportedBudgets, type ImportedBudget } from '../../budgets/imported.js';
import type { ImportJobRow } from '../repository.js';
import { allChecks, importedRecords, onePerPerson, referenceCheck, refsOf } from './references.js';
import type { ImportKindHandler, RowAt } from './types.js';

const PERSON = ['personId'] as const;

/** The person has no live budget already, here or on an earlier row of the file (one live budget a person). */
async function checkBudgets(tx: DbOrTx, job: ImportJobRow, fresh: RowAt[]): Promise<Map<number, FieldProblem[]>> {
  const people = await importedRecords(tx, job, 'people', fresh, PERSON);
  const withBudget = await peopleWithLiveBudget(tx, [...people.values()]);
  return onePerPerson(
    tx,
    job,
    fresh,
    people,
    withBudget,
    {
      field: 'personId',
      code: 'live_budget_exists',
      reason: 'this person already has a live budget (one live budget a person): leave this row out',
    },
    (earlier) => ({
      field: 'personId',
      code: 'duplicate_live_budget',
      reason: `the same person has a live budget on row ${earlier} (one live budget a person)`,
    }),
  );
}

/** Live personal budgets, agreed by the council, with their next review due, through the budgets module. */
export const budgetsKind: ImportKindHandler = {
  kind: 'budgets',
  codeLists: { managedAs: new Set(budgetManagementMethods), directPaymentSection: new Set(directPaymentSections) },
  checkBatch: allChecks(referenceCheck('people', PERSON), checkBudgets),
  async write(tx, actor, job, fresh, claim) {
    const people = await importedRecords(tx, job, 'people', fresh, PERSON);
    const withBudget = await peopleWithLiveBudget(tx, [...people.values()]);
    const budgets: { recordId: string; externalId: string; budget: ImportedBudget }[] = [];
    for (const r of fresh) {
      const personId = people.get(r.values.personId as string);
      // The person missing, or a live budget since the dry run: left out.
      if (!refsOf(r, PERSON).length || !personId || withBudget.has(personId)) continue;
      withBudget.add(personId);
      const recordId = randomUUID();
      budgets.push({
        recordId,
        externalId: r.externalId!,
        budget: {
          id: recordId,
          personId,
          weeklyPence: Number(r.values.weeklyAmount),
          startOn: r.values.startOn as IsoDate,
          management: importedManagement(r.values),
          nextReviewOn: r.values.nextReviewOn as IsoDate,
          source: job.source,
        },
      });
    }
    const toWrite = await claim(budgets);
    await recordImportedBudgets(
      tx,
      actor,
      toWrite.map((b) => b.budget),
    );
    return { written: toWrite.length, left: fresh.length - budgets.length };
  },
};
