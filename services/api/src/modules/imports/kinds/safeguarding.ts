import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '@threefold/db';
import {
  importedCodes,
  safeguardingImportCodeLists,
  type FieldProblem,
  type SafeguardingImportStage,
  type SafeguardingLocation,
  type SafeguardingRiskType,
  type SafeguardingSource,
} from '@threefold/domain';
import {
  activeColleaguesByEmail,
  recordImportedSafeguarding,
  type ImportedSafeguarding,
} from '../../safeguarding/imported.js';
import type { ImportJobRow } from '../repository.js';
import { allChecks, importedRecords, referenceCheck, refsOf } from './references.js';
import { addProblem, type ImportKindHandler, type RowAt } from './types.js';

const PERSON = ['personId'] as const;

const text = (v: string | boolean | null | undefined): string | null => (typeof v === 'string' ? v : null);
const leadsOf = (rows: RowAt[]) => rows.flatMap((r) => (typeof r.values.lead === 'string' ? [r.values.lead] : []));

/** The lead, when named, is an active colleague. */
async function checkLeads(tx: DbOrTx, _job: ImportJobRow, fresh: RowAt[]): Promise<Map<number, FieldProblem[]>> {
  const colleagues = await activeColleaguesByEmail(tx, leadsOf(fresh));
  const problems = new Map<number, FieldProblem[]>();
  for (const row of fresh) {
    const lead = row.values.lead;
    if (
      typeof lead === 'string' &&
      !row.problems.some((p) => p.field === 'lead') &&
      !colleagues.has(lead.toLowerCase())
    )
      addProblem(problems, row.rowNumber, {
        field: 'lead',
        code: 'colleague_not_found',
        reason: `no active colleague has the email ${lead}: add them first, or leave it blank for the safeguarding lead to allocate`,
      });
  }
  return problems;
}

/** Open safeguarding concerns and enquiries, through the safeguarding module. */
export const safeguardingKind: ImportKindHandler = {
  kind: 'safeguarding',
  codeLists: safeguardingImportCodeLists,
  checkBatch: allChecks(referenceCheck('people', PERSON), checkLeads),
  async write(tx, actor, job, fresh, claim) {
    const people = await importedRecords(tx, job, 'people', fresh, PERSON);
    const colleagues = await activeColleaguesByEmail(tx, leadsOf(fresh));
    const records: { recordId: string; externalId: string; work: ImportedSafeguarding }[] = [];
    for (const r of fresh) {
      const personId = people.get(r.values.personId as string);
      const lead = text(r.values.lead);
      const leadStaffId = lead ? colleagues.get(lead.toLowerCase()) : null;
      // The person missing, or the lead gone since the dry run: left out.
      if (!refsOf(r, PERSON).length || !personId || leadStaffId === undefined) continue;
      const recordId = randomUUID();
      const opened = text(r.values.enquiryOpenedAt);
      records.push({
        recordId,
        externalId: r.externalId!,
        work: {
          id: recordId,
          personId,
          stage: r.values.stage as SafeguardingImportStage,
          raisedAt: new Date(r.values.raisedAt as string),
          enquiryOpenedAt: opened ? new Date(opened) : null,
          riskTypes: importedCodes(r.values.riskTypes) as SafeguardingRiskType[],
          locations: importedCodes(r.values.locations) as SafeguardingLocation[],
          sources: importedCodes(r.values.sources) as SafeguardingSource[],
          summary: text(r.values.summary),
          raisedByName: text(r.values.raisedBy),
          leadStaffId,
          leadEmail: lead,
          desiredOutcomes: text(r.values.desiredOutcomes),
        },
      });
    }
    const toWrite = await claim(records);
    await recordImportedSafeguarding(
      tx,
      actor,
      toWrite.map((s) => s.work),
    );
    return { written: toWrite.length, left: fresh.length - records.length };
  },
};
