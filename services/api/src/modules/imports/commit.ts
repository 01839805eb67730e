import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Database } from '@threefold/db';
import { dateInEngland, type ImportKind } from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { notFound, ruleBreach } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import { checkedRows, jobOrNotFound, jobView } from './jobs.js';
import { importKindHandlers, type RowAt } from './kinds/index.js';
import type { Claim } from './kinds/types.js';
import { importsRepository as repo, type ImportJobRow } from './repository.js';
import type { ImportCommitBody, ImportJobBody } from './schemas.js';
import type { CommitHooks, ImportSettings } from './service.js';

/**
 * The refusals a commit meets before anything is written (abandoned; bad rows not to be skipped),
 * then the job marked `committing` as the colleague's: null when it is already committed.
 */
export async function markCommitting(
  db: Database,
  actor: Actor,
  id: string,
  input: ImportCommitBody,
): Promise<ImportJobRow | null> {
  const user = asUser(actor.principal, 'Imports are committed by colleagues.');
  // Locked while it is marked: an abandon at the same moment is not turned back into a commit.
  return db.transaction(async (tx) => {
    const job = await repo.jobForUpdate(tx, id);
    if (!job) throw notFound('import');
    if (job.status === 'abandoned') throw abandoned('This import was abandoned: upload the file again.');
    if (job.status === 'committed') return null;
    if (job.badRows > 0 && !input.skipBadRows)
      throw ruleBreach('import_has_problems', 'The dry run found bad rows', [
        {
          code: 'import_has_problems',
          detail: `${job.badRows} rows have problems: fix them and upload again, or commit with skipBadRows to leave them out (they stay listed in the report).`,
        },
      ]);
    await repo.updateJob(tx, id, { status: 'committing', committedById: user.userId, updatedAt: actor.now() });
    return { ...job, status: 'committing' as const, committedById: user.userId };
  });
}

const abandoned = (detail: string) =>
  ruleBreach('import_abandoned', 'This import was abandoned', [{ code: 'import_abandoned', detail }]);

/** Checks and commits in this process (the command line, with its progress line). */
export async function commitImport(
  db: Database,
  settings: ImportSettings,
  actor: Actor,
  id: string,
  input: ImportCommitBody,
  hooks: CommitHooks = {},
): Promise<ImportJobBody> {
  const job = await markCommitting(db, actor, id, input);
  if (!job) return jobView(db, (await repo.jobById(db, id))!);
  return writeBatches(db, settings, actor, id, hooks);
}

/**
 * Writes a `committing` job's checked rows in batches, each batch one transaction with its audit
 * row, leaving out rows the dry run found bad. A commit that stopped (a crash, a killed worker) is
 * resumed by running this again: rows whose council id is already claimed are passed over, so
 * nothing is written twice. Called by the background job (commit-job.ts) and the command line.
 */
export async function writeBatches(
  db: Database,
  settings: ImportSettings,
  actor: Actor,
  id: string,
  hooks: CommitHooks = {},
): Promise<ImportJobBody> {
  const job = await jobOrNotFound(db, id);
  if (job.status === 'committed') return jobView(db, job);
  if (job.status === 'abandoned') throw abandoned('This import was abandoned: upload the file again.');
  const handler = importKindHandlers[job.kind as ImportKind];
  const mapping = (await repo.mappingById(db, job.mappingId))!;
  const today = dateInEngland(actor.now());
  let batch: RowAt[] = [];
  let batchNumber = job.batches;
  const writeBatch = async () => {
    const rows = batch;
    batch = [];
    batchNumber += 1;
    await db.transaction(async (tx) => {
      const current = await repo.jobById(tx, id);
      if (current?.status === 'abandoned')
        throw abandoned('The import was abandoned while it was being committed; batches already written stay.');
      const bad = await repo.badRowNumbersBetween(tx, id, rows[0]!.rowNumber, rows[rows.length - 1]!.rowNumber);
      const good = rows.filter((r) => !bad.has(r.rowNumber) && !r.problems.length && r.externalId);
      const refs = await repo.references(
        tx,
        job.source,
        job.kind,
        good.map((r) => r.externalId!),
      );
      const fresh = good.filter((r) => !refs.has(r.externalId!));
      // Claims each record's council id, then the kind writes the records it claimed: what an earlier run wrote is passed over.
      const claim: Claim = async (records) => {
        const claimed = await repo.claimReferences(
          tx,
          records.map((r) => ({
            source: job.source,
            kind: job.kind,
            externalId: r.externalId,
            recordId: r.recordId,
            jobId: job.id,
            createdAt: actor.now(),
          })),
        );
        return records.filter((r) => claimed.has(r.externalId));
      };
      const { written, left } = await handler.write(tx, actor, job, fresh, claim);
      const skipped = rows.length - good.length + left;
      await repo.addBatch(tx, id, written, skipped, actor.now());
      await actor.audit(tx, { action: 'import.batch', resourceType: 'import', resourceId: id });
      await hooks.afterBatchWritten?.(batchNumber);
    });
    if (hooks.progress) hooks.progress(await jobView(db, (await repo.jobById(db, id))!));
  };
  for await (const row of checkedRows(db, job, mapping, today)) {
    batch.push(row);
    if (batch.length < settings.batchSize) continue;
    // Asked to stop (the process shutting down): what is written stays, the rest waits for the next run.
    if (hooks.stopRequested?.()) return jobView(db, (await repo.jobById(db, id))!);
    await writeBatch();
  }
  if (batch.length) await writeBatch();
  return db.transaction(async (tx) => {
    // Finished once: a second runner that got here too (it cannot, under the job's lock) sends nothing again.
    const current = (await repo.jobForUpdate(tx, id))!;
    if (current.status !== 'committing') return jobView(tx, current);
    const now = actor.now();
    await repo.updateJob(tx, id, { status: 'committed', finishedAt: now, updatedAt: now });
    await repo.dropFile(tx, id);
    const done = (await repo.jobById(tx, id))!;
    await recordEvent(tx, {
      type: 'import.completed',
      subjectType: 'import',
      subjectId: id,
      data: { kind: done.kind, committedRows: done.committedRows, skippedRows: done.skippedRows },
    });
    await actor.audit(tx, { action: 'import.commit', resourceType: 'import', resourceId: id });
    return jobView(tx, done);
  });
}

/** Abandons an import not yet committed: its file is dropped; a running commit stops at its next batch. */
export async function abandonImport(db: Database, actor: Actor, id: string): Promise<void> {
  asUser(actor.principal, 'Imports are abandoned by colleagues.');
  await db.transaction(async (tx) => {
    const job = await repo.jobForUpdate(tx, id);
    if (!job) throw notFound('import');
    if (job.status === 'committed')
      throw ruleBreach('import_committed', 'This import is committed', [
        {
          code: 'import_committed',
          detail: 'A committed import cannot be abandoned: its records are now the practice’s.',
        },
      ]);
    if (job.status === 'abandoned') return;
    const now = actor.now();
    await repo.updateJob(tx, id, { status: 'abandoned', finishedAt: now, updatedAt: now });
    await repo.dropFile(tx, id);
    await actor.audit(tx, { action: 'import.abandon', resourceType: 'import', resourceId: id });
  });
}

/** Every problem the dry run found, as CSV (row, council id, field, code, reason). */
export async function problemsCsv(
  db: Database,
  actor: Actor,
  id: string,
): Promise<{ filename: string; csv: Readable }> {
  const job = await jobOrNotFound(db, id);
  await actor.audit(db, { action: 'import.problems.read', resourceType: 'import', resourceId: id });
  const pages = async function* () {
    let after = 0;
    for (;;) {
      const page = await repo.problems(db, job.id, 5000, after);
      if (page.length < 5000) {
        yield* page.map((p) => [p.rowNumber, p.externalId ?? '', p.field, p.code, p.reason]);
        return;
      }
      // A full page may end part-way through a row's problems: that row comes on the next page.
      const last = page[page.length - 1]!.rowNumber;
      const whole = page.filter((p) => p.rowNumber < last);
      yield* whole.map((p) => [p.rowNumber, p.externalId ?? '', p.field, p.code, p.reason]);
      after = last - 1;
    }
  };
  const csv = Readable.from(pages()).pipe(
    stringify({ header: true, columns: ['row', 'council_id', 'field', 'code', 'reason'] }),
  );
  return { filename: `import-${job.id}-problems.csv`, csv };
}
