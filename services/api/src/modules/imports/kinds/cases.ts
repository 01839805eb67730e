import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '@threefold/db';
import { caseStages, type FieldProblem, type StoryStage } from '@threefold/domain';
import {
  colleaguesByEmail,
  peopleWithOpenStory,
  recordImportedStories,
  type ImportedStory,
} from '../../conversations/imported.js';
import type { ImportJobRow } from '../repository.js';
import { allChecks, importedRecords, onePerPerson, referenceCheck, refsOf } from './references.js';
import { addProblem, type ImportKindHandler, type RowAt } from './types.js';

const PERSON = ['personId'] as const;

const emailsOf = (rows: RowAt[]) => rows.flatMap((r) => (typeof r.values.heldBy === 'string' ? [r.values.heldBy] : []));

/** The holder is an active colleague; the person has no open story already, here or on an earlier row of the file. */
async function checkCases(tx: DbOrTx, job: ImportJobRow, fresh: RowAt[]): Promise<Map<number, FieldProblem[]>> {
  const colleagues = await colleaguesByEmail(tx, emailsOf(fresh));
  const people = await importedRecords(tx, job, 'people', fresh, PERSON);
  const withStory = await peopleWithOpenStory(tx, [...people.values()]);
  const problems = new Map<number, FieldProblem[]>();
  for (const row of fresh) {
    const heldBy = row.values.heldBy;
    const badEmail = row.problems.some((p) => p.field === 'heldBy');
    if (typeof heldBy === 'string' && !badEmail && !colleagues.has(heldBy.toLowerCase()))
      addProblem(problems, row.rowNumber, {
        field: 'heldBy',
        code: 'colleague_not_found',
        reason: `no active colleague has the email ${heldBy}: add them first, or leave it blank for the team's board`,
      });
  }
  return onePerPerson(
    tx,
    job,
    fresh,
    people,
    withStory,
    {
      field: 'personId',
      code: 'open_story_exists',
      reason: 'this person already has an open story (one person, one open story): close it or leave this row out',
    },
    (earlier) => ({
      field: 'personId',
      code: 'duplicate_open_case',
      reason: `the same person has an open case on row ${earlier} (one person, one open story)`,
    }),
    problems,
  );
}

/** Open cases as stories at the council's stage, through the conversations module. */
export const casesKind: ImportKindHandler = {
  kind: 'cases',
  codeLists: { stage: new Set(caseStages) },
  checkBatch: allChecks(referenceCheck('people', PERSON), checkCases),
  async write(tx, actor, job, fresh, claim) {
    const people = await importedRecords(tx, job, 'people', fresh, PERSON);
    const colleagues = await colleaguesByEmail(tx, emailsOf(fresh));
    const withStory = await peopleWithOpenStory(tx, [...people.values()]);
    const stories: { recordId: string; externalId: string; story: ImportedStory }[] = [];
    for (const r of fresh) {
      const personId = people.get(r.values.personId as string);
      const heldBy = typeof r.values.heldBy === 'string' ? colleagues.get(r.values.heldBy.toLowerCase()) : null;
      // The person missing, the holder gone, or an open story since the dry run: left out.
      if (!refsOf(r, PERSON).length || !personId || heldBy === undefined || withStory.has(personId)) continue;
      withStory.add(personId);
      const recordId = randomUUID();
      stories.push({
        recordId,
        externalId: r.externalId!,
        story: {
          id: recordId,
          personId,
          stage: r.values.stage as StoryStage,
          openedAt: new Date(r.values.openedAt as string),
          heldById: heldBy,
          whatMatters: typeof r.values.whatMatters === 'string' ? r.values.whatMatters : null,
        },
      });
    }
    const toWrite = await claim(stories);
    await recordImportedStories(
      tx,
      actor,
      toWrite.map((s) => s.story),
    );
    return { written: toWrite.length, left: fresh.length - stories.length };
  },
};
