import type { Database, DbOrTx } from '@threefold/db';
import { dateInEngland, type FieldProblem, type ImportKind } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import type { Actor } from '../../platform/actor.js';
import { emptyFile, type ImportFormat } from './file-reader.js';
import { checkedRows, jobView, problemAt } from './jobs.js';
import { firstRows, forgetSeenKeys } from './seen-keys.js';
import { importKindHandlers, type RowAt } from './kinds/index.js';
import { importsRepository as repo, type ImportJobRow, type ImportMappingRow } from './repository.js';
import type { ImportJobBody } from './schemas.js';
import type { ImportSettings } from './service.js';

/** The stored file is kept in pieces of this size. */
const CHUNK_BYTES = 1024 * 1024;
/** Rows checked against the database together in a dry run. */
const CHECK_BATCH = 1000;

/**
 * Stores the file and dry-runs it in one transaction: every row is checked and every problem
 * recorded, nothing else is written. A file refused whole (too big, empty, not UTF-8, a header
 * that does not fit the mapping) leaves nothing behind.
 */
export async function uploadAndDryRun(
  db: Database,
  settings: ImportSettings,
  actor: Actor,
  input: { mappingId: string; fileName: string; format: ImportFormat; body: AsyncIterable<Buffer | string> },
): Promise<ImportJobBody> {
  const user = asUser(actor.principal, 'Imports are run by colleagues.');
  const mapping = await repo.mappingById(db, input.mappingId);
  if (!mapping)
    throw problemAt(
      422,
      'mapping_not_found',
      'No such mapping',
      'There is no saved mapping with this id: make one first.',
      'mappingId',
    );
  const now = actor.now();
  return db.transaction(async (tx) => {
    const job = await repo.insertJob(tx, {
      kind: mapping.kind,
      mappingId: mapping.id,
      source: mapping.source,
      fileName: input.fileName,
      format: input.format,
      sizeBytes: 0,
      status: 'checked',
      createdById: user.userId,
      createdAt: now,
      updatedAt: now,
    });
    const sizeBytes = await store(tx, settings, job.id, input.body);
    const counts = await dryRun(tx, job, mapping, dateInEngland(now));
    await repo.updateJob(tx, job.id, { sizeBytes, ...counts, updatedAt: now });
    await actor.audit(tx, { action: 'import.dry_run', resourceType: 'import', resourceId: job.id });
    return jobView(tx, (await repo.jobById(tx, job.id))!);
  });
}

async function store(
  tx: DbOrTx,
  settings: ImportSettings,
  jobId: string,
  body: AsyncIterable<Buffer | string>,
): Promise<number> {
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (!pendingBytes) return;
    await repo.insertChunk(tx, jobId, seq++, Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
  };
  for await (const piece of body) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    size += bytes.length;
    if (size > settings.maxBytes)
      throw problemAt(
        413,
        'file_too_large',
        'The file is too large',
        `The file is over the ${settings.maxBytes} bytes accepted here (IMPORT_MAX_BYTES): split it, or import it with the command line (pnpm import).`,
        'file',
      );
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  if (size === 0) throw emptyFile();
  return size;
}

/**
 * Every row checked: the row's own rules (domain), duplicates within the file (council id, NHS
 * number), rows already imported from this source, then the kind's checks against the database.
 */
async function dryRun(tx: DbOrTx, job: ImportJobRow, mapping: ImportMappingRow, today: string) {
  const handler = importKindHandlers[job.kind as ImportKind];
  const counts = { totalRows: 0, badRows: 0, alreadyImportedRows: 0 };
  let batch: RowAt[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    const refs = await repo.references(
      tx,
      job.source,
      job.kind,
      rows.flatMap((r) => (r.externalId ? [r.externalId] : [])),
    );
    const fresh = rows.filter((r) => !(r.externalId && refs.has(r.externalId)));
    counts.alreadyImportedRows += rows.length - fresh.length;
    const kindProblems = handler.checkBatch ? await handler.checkBatch(tx, job, fresh) : new Map();
    // The first row of the file each council id and NHS number was on (kept in the database: flat memory).
    const seenIds = await firstRows(
      tx,
      job.id,
      'id',
      rows.flatMap((r) => (r.externalId ? [{ key: r.externalId, rowNumber: r.rowNumber }] : [])),
    );
    const seenNhs = await firstRows(
      tx,
      job.id,
      'nhsNumber',
      rows.flatMap((r) =>
        typeof r.values.nhsNumber === 'string' ? [{ key: r.values.nhsNumber, rowNumber: r.rowNumber }] : [],
      ),
    );
    const problemRows: Parameters<typeof repo.insertProblems>[1] = [];
    for (const row of rows) {
      const problems: FieldProblem[] = [...row.problems];
      if (row.externalId) {
        if (seenIds.get(row.externalId) !== row.rowNumber)
          problems.push({
            field: 'id',
            code: 'duplicate_id',
            reason: `council id ${row.externalId} appears on an earlier row`,
          });
      }
      const number = row.values.nhsNumber;
      if (typeof number === 'string') {
        const earlier = seenNhs.get(number);
        if (earlier !== row.rowNumber)
          problems.push({
            field: 'nhsNumber',
            code: 'duplicate_nhs_number_in_file',
            reason: `the same NHS number is on row ${earlier}`,
          });
      }
      // Only rows not yet imported have kind problems (checkBatch saw the fresh rows alone).
      problems.push(...(kindProblems.get(row.rowNumber) ?? []));
      if (problems.length) {
        counts.badRows += 1;
        for (const p of problems)
          problemRows.push({
            jobId: job.id,
            rowNumber: row.rowNumber,
            externalId: row.externalId?.slice(0, 200) ?? null,
            field: p.field,
            code: p.code,
            reason: p.reason.slice(0, 1000),
          });
      }
    }
    await repo.insertProblems(tx, problemRows);
  };
  for await (const row of checkedRows(tx, job, mapping, today)) {
    counts.totalRows += 1;
    batch.push(row);
    if (batch.length >= CHECK_BATCH) await flush();
  }
  if (batch.length) await flush();
  await forgetSeenKeys(tx, job.id);
  if (counts.totalRows === 0)
    throw problemAt(
      422,
      'no_rows',
      'The file has no rows',
      'The file has a header but no rows: export the records again.',
      'file',
    );
  return counts;
}
