import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Database, DbOrTx, Tx } from '@threefold/db';
import {
  checkImportRow,
  dateInEngland,
  mappingProblems,
  missingColumns,
  type CheckedRow,
  type FieldProblem,
  type ImportKind,
  type ImportMappingDefinition,
  type RelationshipType,
  type RowCheckContext,
  noteKinds,
  relationshipTypes,
  type NoteKind,
} from '@threefold/domain';
import { asUser } from '../../auth/principal.js';
import { AppProblem, notFound, ruleBreach } from '../../errors.js';
import { recordEvent } from '../../outbox/record-event.js';
import type { Actor } from '../../platform/actor.js';
import {
  liveByExactNamesAndDates,
  liveByNhsNumbers,
  recordImportedPeople,
  recordImportedRelationships,
  type ImportedPerson,
  type ImportedRelationship,
} from '../people/service.js';
import {
  cldAccommodation,
  cldEmployment,
  cldEthnicity,
  cldGender,
  cldPrimarySupportReason,
} from '../returns/code-mappings.js';
import { recordImportedNotes, type ImportedNote } from '../notes/service.js';
import { emptyFile, readRows, type ImportFormat } from './file-reader.js';
import { firstRows, forgetSeenKeys } from './seen-keys.js';
import { importsRepository as repo, type ImportJobRow, type ImportMappingRow } from './repository.js';
import type { ImportCommitBody, ImportJobBody, ImportMappingBody, NewImportMappingBody } from './schemas.js';

/** The stored file is kept in pieces of this size. */
const CHUNK_BYTES = 1024 * 1024;
/** Rows checked against the database together in a dry run. */
const CHECK_BATCH = 1000;

export interface ImportSettings {
  /** The largest file accepted, in bytes. */
  maxBytes: number;
  /** Rows written per transaction by a commit. */
  batchSize: number;
}

export interface CommitHooks {
  /** Called inside each batch's transaction after its writes (a throw rolls the batch back: a crash, in tests). */
  afterBatchWritten?: (batch: number) => void | Promise<void>;
  /** Told after each committed batch (the CLI's progress line). */
  progress?: (job: ImportJobBody) => void;
}

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

/** The code lists each kind's coded fields are checked against. */
const codeListsOf: Record<ImportKind, RowCheckContext['codeLists']> = {
  people: personCodeLists,
  relationships: { type: new Set(relationshipTypes) },
  notes: { kind: new Set(noteKinds) },
};

const problemAt = (status: number, code: string, title: string, detail: string, field: string) =>
  new AppProblem(status, code, title, detail, [
    { in: 'body', field, pointer: `/${field.split('.').join('/')}`, message: detail },
  ]);

function mappingView(row: ImportMappingRow): ImportMappingBody {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ImportKind,
    source: row.source,
    definition: row.definition as unknown as ImportMappingDefinition,
    createdAt: row.createdAt.toISOString(),
  };
}

function progressOf(job: ImportJobRow): number {
  if (job.status === 'committed') return 1;
  const importable = job.totalRows - job.badRows - job.alreadyImportedRows;
  if (importable <= 0) return 0;
  return Math.min(1, job.committedRows / importable);
}

type RowAt = CheckedRow & { rowNumber: number };

/** The council person ids a relationship row names. */
const personRefsOf = (r: RowAt): string[] =>
  [r.values.personId, r.values.relatedPersonId].filter((v): v is string => typeof v === 'string');

/**
 * Bringing a council's caseload in: saved mappings, an upload that stores the file and dry-runs
 * it (every row checked with the API's rules, nothing written), a commit in batches that can be
 * resumed, and abandoning. Each row is keyed by the council's id (an external reference unique
 * per source), so a resumed commit or a second import of the same file writes nothing twice.
 */
export class ImportsService {
  constructor(
    private readonly db: Database,
    private readonly settings: ImportSettings,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Mappings
  // -------------------------------------------------------------------------------------------

  async createMapping(actor: Actor, input: NewImportMappingBody): Promise<ImportMappingBody> {
    const user = asUser(actor.principal, 'Import mappings are made by colleagues.');
    const definition = input.definition as ImportMappingDefinition;
    const problems = mappingProblems(input.kind, definition);
    if (problems.length)
      throw new AppProblem(
        400,
        'invalid_mapping',
        'The mapping cannot be used',
        problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
        problems.map((p) => ({
          in: 'body' as const,
          field: `definition.${p.field}`,
          pointer: `/definition/${p.field.split('.').join('/')}`,
          message: p.reason,
        })),
      );
    return this.db.transaction(async (tx) => {
      if (await repo.mappingByName(tx, input.name))
        throw problemAt(
          409,
          'mapping_name_taken',
          'Name already used',
          'A mapping with this name exists: choose another name.',
          'name',
        );
      const row = await repo.insertMapping(tx, {
        name: input.name.trim(),
        kind: input.kind,
        source: input.source,
        definition: definition as unknown as Record<string, unknown>,
        createdById: user.userId,
        createdAt: actor.now(),
      });
      await actor.audit(tx, { action: 'import_mapping.create', resourceType: 'import_mapping', resourceId: row.id });
      return mappingView(row);
    });
  }

  async mappings(_actor: Actor): Promise<{ items: ImportMappingBody[] }> {
    return { items: (await repo.mappings(this.db)).map(mappingView) };
  }

  async mappingByName(name: string): Promise<ImportMappingBody | null> {
    const row = await repo.mappingByName(this.db, name);
    return row ? mappingView(row) : null;
  }

  // -------------------------------------------------------------------------------------------
  // Jobs
  // -------------------------------------------------------------------------------------------

  private async view(db: DbOrTx, job: ImportJobRow): Promise<ImportJobBody> {
    const problems = await repo.problems(db, job.id, 100);
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

  private async job(db: DbOrTx, id: string): Promise<ImportJobRow> {
    const job = await repo.jobById(db, id);
    if (!job) throw notFound('import');
    return job;
  }

  async get(actor: Actor, id: string): Promise<ImportJobBody> {
    const job = await this.job(this.db, id);
    await actor.audit(this.db, { action: 'import.read', resourceType: 'import', resourceId: id });
    return this.view(this.db, job);
  }

  async list(actor: Actor): Promise<{ items: ImportJobBody[] }> {
    const jobs = await repo.jobs(this.db, 100);
    await actor.audit(this.db, { action: 'import.list', resourceType: 'import' });
    return { items: await Promise.all(jobs.map((j) => this.view(this.db, j))) };
  }

  /** The stored file, streamed back a piece at a time. */
  private file(db: DbOrTx, jobId: string): Readable {
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

  /**
   * Stores the file and dry-runs it in one transaction: every row is checked and every problem
   * recorded, nothing else is written. A file refused whole (too big, empty, not UTF-8, a header
   * that does not fit the mapping) leaves nothing behind.
   */
  async upload(
    actor: Actor,
    input: { mappingId: string; fileName: string; format: ImportFormat; body: AsyncIterable<Buffer | string> },
  ): Promise<ImportJobBody> {
    const user = asUser(actor.principal, 'Imports are run by colleagues.');
    const mapping = await repo.mappingById(this.db, input.mappingId);
    if (!mapping)
      throw problemAt(
        422,
        'mapping_not_found',
        'No such mapping',
        'There is no saved mapping with this id: make one first.',
        'mappingId',
      );
    const now = actor.now();
    return this.db.transaction(async (tx) => {
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
      const sizeBytes = await this.store(tx, job.id, input.body);
      const counts = await this.dryRun(tx, job, mapping, dateInEngland(now));
      await repo.updateJob(tx, job.id, { sizeBytes, ...counts, updatedAt: now });
      await actor.audit(tx, { action: 'import.dry_run', resourceType: 'import', resourceId: job.id });
      return this.view(tx, (await repo.jobById(tx, job.id))!);
    });
  }

  private async store(tx: DbOrTx, jobId: string, body: AsyncIterable<Buffer | string>): Promise<number> {
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
      if (size > this.settings.maxBytes)
        throw problemAt(
          413,
          'file_too_large',
          'The file is too large',
          `The file is over the ${this.settings.maxBytes} bytes accepted here (IMPORT_MAX_BYTES): split it, or import it with the command line (pnpm import).`,
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

  /** Refuses a header that lacks the mapping's columns, naming them and any saved mapping that fits. */
  private async checkHeader(tx: DbOrTx, mapping: ImportMappingRow, header: string[]): Promise<void> {
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
  private async *checkedRows(
    tx: DbOrTx,
    job: ImportJobRow,
    mapping: ImportMappingRow,
    today: string,
  ): AsyncGenerator<RowAt> {
    const definition = mapping.definition as unknown as ImportMappingDefinition;
    let header: string[] | null = null;
    const context: RowCheckContext = { today, codeLists: codeListsOf[job.kind as ImportKind] };
    for await (const row of readRows(this.file(tx, job.id), job.format, (h) => (header = h))) {
      if (header) {
        await this.checkHeader(tx, mapping, header);
        header = null;
      }
      yield { ...checkImportRow(job.kind as ImportKind, definition, row.record, context), rowNumber: row.rowNumber };
    }
    if (header) await this.checkHeader(tx, mapping, header);
  }

  private async dryRun(tx: DbOrTx, job: ImportJobRow, mapping: ImportMappingRow, today: string) {
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
      const nhs = new Set(
        (
          await liveByNhsNumbers(
            tx,
            fresh.flatMap((r) => (typeof r.values.nhsNumber === 'string' ? [r.values.nhsNumber] : [])),
          )
        ).map((p) => p.nhsNumber),
      );
      const pairs = fresh.flatMap((r) =>
        typeof r.values.dateOfBirth === 'string' &&
        typeof r.values.givenName === 'string' &&
        typeof r.values.familyName === 'string'
          ? [{ fullName: `${r.values.givenName} ${r.values.familyName}`, dateOfBirth: r.values.dateOfBirth }]
          : [],
      );
      const named = new Set((await liveByExactNamesAndDates(tx, pairs)).map((p) => `${p.fullName}|${p.dateOfBirth}`));
      // A relationship or a note names people by the council's ids: they must have been imported from this source.
      const imported =
        job.kind !== 'people'
          ? await repo.references(
              tx,
              job.source,
              'people',
              fresh.flatMap((r) => personRefsOf(r)),
            )
          : null;
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
        const isFresh = !(row.externalId && refs.has(row.externalId));
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
          if (isFresh && nhs.has(number))
            problems.push({
              field: 'nhsNumber',
              code: 'duplicate_nhs_number',
              reason:
                'a person with this NHS number is already recorded (not from this source): merge or correct first',
            });
        }
        if (isFresh && typeof row.values.dateOfBirth === 'string') {
          const key = `${`${row.values.givenName} ${row.values.familyName}`.toLowerCase()}|${row.values.dateOfBirth}`;
          if (named.has(key))
            problems.push({
              field: 'familyName',
              code: 'possible_duplicate',
              reason: 'a person with this name and date of birth is already recorded: check whether it is them',
            });
        }
        if (imported && isFresh) {
          for (const field of ['personId', 'relatedPersonId'] as const) {
            const id = row.values[field];
            if (typeof id === 'string' && !imported.has(id))
              problems.push({
                field,
                code: 'person_not_imported',
                reason: `no person with council id ${id} was imported from ${job.source}: import the people file first`,
              });
          }
        }
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
    for await (const row of this.checkedRows(tx, job, mapping, today)) {
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

  /**
   * Writes the checked rows in batches, each batch one transaction with its audit row. Rows the
   * dry run found bad are skipped when the caller says so (and refused otherwise). A commit that
   * stopped (crash, restart) is resumed by committing again: rows whose council id is already
   * claimed are passed over, so nothing is written twice.
   */
  async commit(actor: Actor, id: string, input: ImportCommitBody, hooks: CommitHooks = {}): Promise<ImportJobBody> {
    asUser(actor.principal, 'Imports are committed by colleagues.');
    const job = await this.job(this.db, id);
    if (job.status === 'abandoned')
      throw ruleBreach('import_abandoned', 'This import was abandoned', [
        { code: 'import_abandoned', detail: 'This import was abandoned: upload the file again.' },
      ]);
    if (job.status === 'committed') return this.view(this.db, job);
    if (job.badRows > 0 && !input.skipBadRows)
      throw ruleBreach('import_has_problems', 'The dry run found bad rows', [
        {
          code: 'import_has_problems',
          detail: `${job.badRows} rows have problems: fix them and upload again, or commit with skipBadRows to leave them out (they stay listed in the report).`,
        },
      ]);
    const mapping = (await repo.mappingById(this.db, job.mappingId))!;
    await repo.updateJob(this.db, id, { status: 'committing', updatedAt: actor.now() });
    const today = dateInEngland(actor.now());
    let batch: RowAt[] = [];
    let batchNumber = job.batches;
    const writeBatch = async () => {
      const rows = batch;
      batch = [];
      batchNumber += 1;
      await this.db.transaction(async (tx) => {
        const current = await repo.jobById(tx, id);
        if (current?.status === 'abandoned')
          throw ruleBreach('import_abandoned', 'This import was abandoned', [
            {
              code: 'import_abandoned',
              detail: 'The import was abandoned while it was being committed; batches already written stay.',
            },
          ]);
        const bad = await repo.badRowNumbersBetween(tx, id, rows[0]!.rowNumber, rows[rows.length - 1]!.rowNumber);
        const good = rows.filter((r) => !bad.has(r.rowNumber) && !r.problems.length && r.externalId);
        const refs = await repo.references(
          tx,
          job.source,
          job.kind,
          good.map((r) => r.externalId!),
        );
        const fresh = good.filter((r) => !refs.has(r.externalId!));
        const { written, left } =
          job.kind === 'relationships'
            ? await this.writeRelationships(tx, actor, job, fresh)
            : job.kind === 'notes'
              ? await this.writeNotes(tx, actor, job, fresh)
              : await this.writePeople(tx, actor, job, fresh);
        const skipped = rows.length - good.length + left;
        await repo.addBatch(tx, id, written, skipped, actor.now());
        await actor.audit(tx, { action: 'import.batch', resourceType: 'import', resourceId: id });
        await hooks.afterBatchWritten?.(batchNumber);
      });
      if (hooks.progress) hooks.progress(await this.view(this.db, (await repo.jobById(this.db, id))!));
    };
    for await (const row of this.checkedRows(this.db, job, mapping, today)) {
      batch.push(row);
      if (batch.length >= this.settings.batchSize) await writeBatch();
    }
    if (batch.length) await writeBatch();
    return this.db.transaction(async (tx) => {
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
      return this.view(tx, done);
    });
  }

  /** Claims each row's council id, then writes the rows it claimed: what an earlier run wrote is passed over. */
  private async claim<T extends { externalId: string; recordId: string }>(
    tx: DbOrTx,
    actor: Actor,
    job: ImportJobRow,
    rows: T[],
  ): Promise<T[]> {
    const claimed = await repo.claimReferences(
      tx,
      rows.map((r) => ({
        source: job.source,
        kind: job.kind,
        externalId: r.externalId,
        recordId: r.recordId,
        jobId: job.id,
        createdAt: actor.now(),
      })),
    );
    return rows.filter((r) => claimed.has(r.externalId));
  }

  private async writePeople(tx: Tx, actor: Actor, job: ImportJobRow, fresh: RowAt[]) {
    // Someone recorded with the same NHS number since the dry run: left out, not written twice.
    const taken = new Set(
      (
        await liveByNhsNumbers(
          tx,
          fresh.flatMap((r) => (typeof r.values.nhsNumber === 'string' ? [r.values.nhsNumber] : [])),
        )
      ).map((p) => p.nhsNumber),
    );
    const writable = fresh.filter((r) => !(typeof r.values.nhsNumber === 'string' && taken.has(r.values.nhsNumber)));
    const people = writable.map((r) => {
      const recordId = randomUUID();
      return {
        recordId,
        externalId: r.externalId!,
        person: { id: recordId, externalId: r.externalId!, fields: r.values as ImportedPerson['fields'] },
      };
    });
    const toWrite = await this.claim(tx, actor, job, people);
    await recordImportedPeople(
      tx,
      actor,
      toWrite.map((p) => p.person),
      { jobId: job.id, source: job.source },
    );
    return { written: toWrite.length, left: fresh.length - writable.length };
  }

  private async writeRelationships(tx: Tx, actor: Actor, job: ImportJobRow, fresh: RowAt[]) {
    const imported = await repo.references(
      tx,
      job.source,
      'people',
      fresh.flatMap((r) => personRefsOf(r)),
    );
    const writable = fresh.filter((r) => personRefsOf(r).every((p) => imported.has(p)));
    const pairs = writable.map((r) => {
      const recordId = randomUUID();
      const relationship: ImportedRelationship = {
        pairId: recordId,
        personId: imported.get(r.values.personId as string)!,
        relatedPersonId: imported.get(r.values.relatedPersonId as string)!,
        type: r.values.type as RelationshipType,
        isMainCarer: r.values.isMainCarer === true,
      };
      return { recordId, externalId: r.externalId!, relationship };
    });
    const toWrite = await this.claim(tx, actor, job, pairs);
    await recordImportedRelationships(
      tx,
      actor,
      toWrite.map((p) => p.relationship),
    );
    return { written: toWrite.length, left: fresh.length - writable.length };
  }

  private async writeNotes(tx: Tx, actor: Actor, job: ImportJobRow, fresh: RowAt[]) {
    const imported = await repo.references(
      tx,
      job.source,
      'people',
      fresh.flatMap((r) => personRefsOf(r)),
    );
    const writable = fresh.filter((r) => personRefsOf(r).every((p) => imported.has(p)));
    const notes = writable.map((r) => {
      const recordId = randomUUID();
      const author = typeof r.values.author === 'string' ? r.values.author : null;
      const note: ImportedNote = {
        id: recordId,
        personId: imported.get(r.values.personId as string)!,
        occurredAt: new Date(r.values.occurredAt as string),
        kind: r.values.kind as NoteKind,
        summary: r.values.summary as string,
        body: author
          ? `Written by ${author} in ${job.source}.\n\n${r.values.body as string}`
          : (r.values.body as string),
      };
      return { recordId, externalId: r.externalId!, note };
    });
    const toWrite = await this.claim(tx, actor, job, notes);
    await recordImportedNotes(
      tx,
      actor,
      toWrite.map((n) => n.note),
    );
    return { written: toWrite.length, left: fresh.length - writable.length };
  }

  /** Abandons an import not yet committed: its file is dropped; a running commit stops at its next batch. */
  async abandon(actor: Actor, id: string): Promise<void> {
    asUser(actor.principal, 'Imports are abandoned by colleagues.');
    await this.db.transaction(async (tx) => {
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
  async problemsCsv(actor: Actor, id: string): Promise<{ filename: string; csv: Readable }> {
    const job = await this.job(this.db, id);
    await actor.audit(this.db, { action: 'import.problems.read', resourceType: 'import', resourceId: id });
    const db = this.db;
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
}
