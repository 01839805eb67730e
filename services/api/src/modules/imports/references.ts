/** What other modules may use of imports: the council's own ids of records it handed over. */
import type { DbOrTx } from '@threefold/db';
import { importsRepository } from './repository.js';

/** The council source and id of each of these records that came from a council file. */
export async function councilReferences(
  db: DbOrTx,
  kind: string,
  recordIds: string[],
): Promise<Map<string, { source: string; externalId: string }>> {
  const rows = await importsRepository.referencesOfRecords(db, kind, recordIds);
  return new Map(rows.map((r) => [r.recordId, { source: r.source, externalId: r.externalId }]));
}
