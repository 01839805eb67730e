import { Readable } from 'node:stream';
import type { DbOrTx } from '@threefold/db';
import {
  checkImportRow,
  missingColumns,
  type ImportKind,
  type ImportMappingDefinition,
  type RowCheckContext,
} from '@threefold/domain';
import { AppProblem, notFound } from '../../errors.js';
import { readRows } from './file-reader.js';
import { importKindHandlers, type RowAt } from './kinds/index.js';
import {
  importsRepository as repo,
  type ImportJobRow,
  type ImportMappingRow,
  type ImportProblemRow,
} from './repository.js';
import type { ImportJobBody } from './schemas.js';

/** What the dry run, the commit and the views share: a job's view, its stored file, its rows read and checked. */

export const problemAt = (status: number, code: string, title: string, detail: string, field: string) =>
  new AppProblem(status, code, title, detail, [
    { in: 'body', field, pointer: `/${field.split('.').join('/')}`, message: detail },
  ]);

function progressOf(job: ImportJobRow): number {
  if (job.status === 'committed') return 1;
  const importable = job.totalRows - job.badRows - job.alreadyImportedRows;
  if (importable <= 0) return 0;
  return Math.min(1, job.committedRows / importable);
}

/** The first problems a job's view lists. */
const PROBLEMS_SHOWN = 100;

export async function jobView(db: DbOrTx, job: ImportJobRow): Promise<ImportJobBody> {
  return (await jobViews(db, [job]))[0]!;
}

/** Jobs' views, in the order given, with their problems read in one query for all of them. */
export async function jobViews(db: DbOrTx, jobs: ImportJobRow[]): Promise<ImportJobBody[]> {
  const problems = await repo.problemsOf(
    db,
    jobs.map((j) => j.id),
    PROBLEMS_SHOWN,
  );
  return jobs.map((job) =>
    viewOf(
      job,
      problems.filter((p) => p.jobId === job.id),
    ),
  );
}

function viewOf(job: ImportJobRow, problems: ImportProblemRow[]): ImportJobBody {
  return {
    id: job.id,
    kind: job.kind as ImportKind,
    mappingId: job.mappingId,
    source: job.source,
    fileName: job.fileName,
    format: job.format,
    sizeBytes: job.sizeBytes,
    status: job.status,
    totalRows: job.totalRows,
    badRows: job.badRows,
    alreadyImportedRows: job.alreadyImportedRows,
    committedRows: job.committedRows,
    skippedRows: job.skippedRows,
    batches: job.batches,
    progress: progressOf(job),
    problems: problems.map((p) => ({
      rowNumber: p.rowNumber,
      externalId: p.externalId,
      field: p.field,
      code: p.code,
      reason: p.reason,
    })),
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export async function jobOrNotFound(db: DbOrTx, id: string): Promise<ImportJobRow> {
  const job = await repo.jobById(db, id);
  if (!job) throw notFound('import');
  return job;
}

/** The stored file, streamed back a piece at a time. */
function storedFile(db: DbOrTx, jobId: string): Readable {
  return Readable.from(
    (async function* () {
      for (let seq = 0; ; seq++) {
        const piece = await repo.chunk(db, jobId, seq);
        if (!piece) return;
        yield piece;
      }
    })(),
  );
}

/** Refuses a header that lacks the mapping's columns, naming them and any saved mapping that fits. */
async function checkHeader(tx: DbOrTx, mapping: ImportMappingRow, header: string[]): Promise<void> {
  const missing = missingColumns(mapping.definition as unknown as ImportMappingDefinition, header);
  if (!missing.length) return;
  const fitting = (await repo.mappings(tx))
    .filter(
      (m) =>
        m.kind === mapping.kind && !missingColumns(m.definition as unknown as ImportMappingDefinition, header).length,
    )
    .map((m) => m.name);
  throw problemAt(
    422,
    'header_mismatch',
    'The file does not match the mapping',
    `The file's header has no column ${missing.map((c) => `"${c}"`).join(', ')} that mapping "${mapping.name}" reads. ` +
      (fitting.length
        ? `Saved mappings that fit this file: ${fitting.map((n) => `"${n}"`).join(', ')}.`
        : 'No saved mapping fits this file: make one from its header.'),
    'file',
  );
}

/** Reads the stored file through the mapping, a row at a time, with every row's problems. */
export async function* checkedRows(
  tx: DbOrTx,
  job: ImportJobRow,
  mapping: ImportMappingRow,
  today: string,
): AsyncGenerator<RowAt> {
  const definition = mapping.definition as unknown as ImportMappingDefinition;
  let header: string[] | null = null;
  const kind = job.kind as ImportKind;
  const context: RowCheckContext = { today, codeLists: importKindHandlers[kind].codeLists };
  for await (const row of readRows(storedFile(tx, job.id), job.format, (h) => (header = h))) {
    if (header) {
      await checkHeader(tx, mapping, header);
      header = null;
    }
    yield { ...checkImportRow(kind, definition, row.record, context), rowNumber: row.rowNumber };
  }
  if (header) await checkHeader(tx, mapping, header);
}
