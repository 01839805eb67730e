import {
  externalReferences,
  importFileChunks,
  importJobs,
  importMappings,
  importProblems,
  importSeenKeys,
  type DbOrTx,
} from '@threefold/db';
import { and, asc, between, desc, eq, inArray, sql } from 'drizzle-orm';
import { insertByUnnest } from '../../platform/unnest-insert.js';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type ImportMappingRow = typeof importMappings.$inferSelect;
export type ImportProblemRow = typeof importProblems.$inferSelect;

/** The imports module's tables: mappings, jobs, their files and reports, and external references. */
export const importsRepository = {
  async insertMapping(tx: DbOrTx, values: typeof importMappings.$inferInsert): Promise<ImportMappingRow> {
    const [row] = await tx.insert(importMappings).values(values).returning();
    return row!;
  },

  async mappingById(tx: DbOrTx, id: string): Promise<ImportMappingRow | null> {
    const [row] = await tx.select().from(importMappings).where(eq(importMappings.id, id));
    return row ?? null;
  },

  async mappingByName(tx: DbOrTx, name: string): Promise<ImportMappingRow | null> {
    const [row] = await tx.select().from(importMappings).where(eq(importMappings.name, name));
    return row ?? null;
  },

  async mappings(tx: DbOrTx): Promise<ImportMappingRow[]> {
    return tx.select().from(importMappings).orderBy(asc(importMappings.name)).limit(500);
  },

  async insertJob(tx: DbOrTx, values: typeof importJobs.$inferInsert): Promise<ImportJobRow> {
    const [row] = await tx.insert(importJobs).values(values).returning();
    return row!;
  },

  async jobById(tx: DbOrTx, id: string): Promise<ImportJobRow | null> {
    const [row] = await tx.select().from(importJobs).where(eq(importJobs.id, id));
    return row ?? null;
  },

  async jobForUpdate(tx: DbOrTx, id: string): Promise<ImportJobRow | null> {
    const [row] = await tx.select().from(importJobs).where(eq(importJobs.id, id)).for('update');
    return row ?? null;
  },

  /** Imports being committed (or left so by a worker that died). */
  async committingJobIds(tx: DbOrTx): Promise<string[]> {
    const rows = await tx
      .select({ id: importJobs.id })
      .from(importJobs)
      .where(eq(importJobs.status, 'committing'))
      .orderBy(asc(importJobs.createdAt));
    return rows.map((r) => r.id);
  },

  async jobs(tx: DbOrTx, limit: number): Promise<ImportJobRow[]> {
    return tx.select().from(importJobs).orderBy(desc(importJobs.createdAt), desc(importJobs.id)).limit(limit);
  },

  async updateJob(tx: DbOrTx, id: string, set: Partial<typeof importJobs.$inferInsert>): Promise<void> {
    await tx.update(importJobs).set(set).where(eq(importJobs.id, id));
  },

  /** Adds one committed batch's counts to the job, in the batch's own transaction. */
  async addBatch(tx: DbOrTx, id: string, committed: number, skipped: number, at: Date): Promise<void> {
    await tx
      .update(importJobs)
      .set({
        committedRows: sql`${importJobs.committedRows} + ${committed}`,
        skippedRows: sql`${importJobs.skippedRows} + ${skipped}`,
        batches: sql`${importJobs.batches} + 1`,
        updatedAt: at,
      })
      .where(eq(importJobs.id, id));
  },

  async insertChunk(tx: DbOrTx, jobId: string, seq: number, data: Buffer): Promise<void> {
    await tx.insert(importFileChunks).values({ jobId, seq, data });
  },

  async chunk(tx: DbOrTx, jobId: string, seq: number): Promise<Buffer | null> {
    const [row] = await tx
      .select({ data: importFileChunks.data })
      .from(importFileChunks)
      .where(and(eq(importFileChunks.jobId, jobId), eq(importFileChunks.seq, seq)));
    return row?.data ?? null;
  },

  async dropFile(tx: DbOrTx, jobId: string): Promise<void> {
    await tx.delete(importFileChunks).where(eq(importFileChunks.jobId, jobId));
  },

  async insertProblems(tx: DbOrTx, rows: (typeof importProblems.$inferInsert)[]): Promise<void> {
    if (rows.length) await tx.insert(importProblems).values(rows);
  },

  async problems(tx: DbOrTx, jobId: string, limit: number, afterRow = 0): Promise<ImportProblemRow[]> {
    return tx
      .select()
      .from(importProblems)
      .where(and(eq(importProblems.jobId, jobId), sql`${importProblems.rowNumber} > ${afterRow}`))
      .orderBy(asc(importProblems.rowNumber), asc(importProblems.field))
      .limit(limit);
  },

  /**
   * The first `limitEach` problems of each of these jobs, in one query (an index walk per job, so a
   * job with thousands of bad rows costs no more than one with a few).
   */
  async problemsOf(tx: DbOrTx, jobIds: string[], limitEach: number): Promise<ImportProblemRow[]> {
    if (jobIds.length === 0) return [];
    const { rows } = await tx.execute<{
      job_id: string;
      row_number: number;
      external_id: string | null;
      field: string;
      code: string;
      reason: string;
    }>(sql`
      select p.job_id, p.row_number, p.external_id, p.field, p.code, p.reason
        from unnest(${sql.param(jobIds)}::uuid[]) as j(id)
        cross join lateral (
          select * from import_problems where job_id = j.id order by row_number, field limit ${limitEach}) p
       order by p.job_id, p.row_number, p.field`);
    return rows.map((r) => ({
      jobId: r.job_id,
      rowNumber: r.row_number,
      externalId: r.external_id,
      field: r.field,
      code: r.code,
      reason: r.reason,
    }));
  },

  /** The distinct row numbers from `from` to `to` (inclusive) that the dry run found bad: a commit batch skips them. */
  async badRowNumbersBetween(tx: DbOrTx, jobId: string, from: number, to: number): Promise<Set<number>> {
    const rows = await tx
      .selectDistinct({ rowNumber: importProblems.rowNumber })
      .from(importProblems)
      .where(and(eq(importProblems.jobId, jobId), between(importProblems.rowNumber, from, to)));
    return new Set(rows.map((r) => r.rowNumber));
  },

  /** Records keys a dry run met (first row each); answers the keys this call recorded (the rest were met before). */
  async claimSeenKeys(
    tx: DbOrTx,
    jobId: string,
    keyKind: string,
    keys: { key: string; rowNumber: number }[],
  ): Promise<Set<string>> {
    if (!keys.length) return new Set();
    // One statement with two array parameters: a 1,000-row drizzle insert costs more to build than to run.
    const { rows } = await tx.execute<{ key: string }>(sql`
      insert into import_seen_keys (job_id, key_kind, key, row_number)
      select ${jobId}::uuid, ${keyKind}::text, k.key, k.row_number
        from unnest(${sql.param(keys.map((k) => k.key))}::text[],
                    ${sql.param(keys.map((k) => k.rowNumber))}::int[]) as k(key, row_number)
      on conflict do nothing
      returning key`);
    return new Set(rows.map((r) => r.key));
  },

  /** The first row each of these keys was met on in the job's file. */
  async seenKeys(tx: DbOrTx, jobId: string, keyKind: string, keys: string[]): Promise<Map<string, number>> {
    if (!keys.length) return new Map();
    const rows = await tx
      .select({ key: importSeenKeys.key, rowNumber: importSeenKeys.rowNumber })
      .from(importSeenKeys)
      .where(
        and(eq(importSeenKeys.jobId, jobId), eq(importSeenKeys.keyKind, keyKind), inArray(importSeenKeys.key, keys)),
      );
    return new Map(rows.map((r) => [r.key, r.rowNumber]));
  },

  async dropSeenKeys(tx: DbOrTx, jobId: string): Promise<void> {
    await tx.delete(importSeenKeys).where(eq(importSeenKeys.jobId, jobId));
  },

  /** Which of these council ids are already imported from this source, and as which record. */
  async references(tx: DbOrTx, source: string, kind: string, externalIds: string[]): Promise<Map<string, string>> {
    if (!externalIds.length) return new Map();
    const rows = await tx
      .select({ externalId: externalReferences.externalId, recordId: externalReferences.recordId })
      .from(externalReferences)
      .where(
        and(
          eq(externalReferences.source, source),
          eq(externalReferences.kind, kind),
          inArray(externalReferences.externalId, externalIds),
        ),
      );
    return new Map(rows.map((r) => [r.externalId, r.recordId]));
  },

  /**
   * Claims these council ids for new records; the ones already claimed (an earlier run, or another
   * commit of the same file at the same moment) are left alone. Returns the ids this call claimed.
   */
  async claimReferences(tx: DbOrTx, rows: (typeof externalReferences.$inferInsert)[]): Promise<Set<string>> {
    // By unnest (one array a column): a 1,000-row claim is one short statement.
    const claimed = await insertByUnnest(tx, externalReferences, rows, {
      onConflictDoNothing: true,
      returning: externalReferences.externalId,
    });
    return new Set(claimed);
  },

  /** Every external reference of a kind, by record id (an export names the council's own ids). */
  async referencesOfRecords(tx: DbOrTx, kind: string, recordIds: string[]) {
    if (!recordIds.length) return [];
    return tx
      .select({
        recordId: externalReferences.recordId,
        source: externalReferences.source,
        externalId: externalReferences.externalId,
      })
      .from(externalReferences)
      .where(and(eq(externalReferences.kind, kind), inArray(externalReferences.recordId, recordIds)));
  },
};
