import type { Readable } from 'node:stream';
import type { Database } from '@threefold/db';
import type { Actor } from '../../platform/actor.js';
import { abandonImport, commitImport, markCommitting, problemsCsv } from './commit.js';
import { uploadAndDryRun } from './dry-run.js';
import type { ImportFormat } from './file-reader.js';
import { jobOrNotFound, jobView, jobViews } from './jobs.js';
import { createMapping, listMappings, mappingNamed } from './mappings.js';
import { importsRepository as repo } from './repository.js';
import type { ImportCommitBody, ImportJobBody, ImportMappingBody, NewImportMappingBody } from './schemas.js';

export { personCodeLists } from './kinds/index.js';

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
  /** Asked before each batch: true stops the run there, the import left `committing` to be resumed. */
  stopRequested?: () => boolean;
}

/**
 * Bringing a council's caseload in: saved mappings (mappings.ts), an upload that stores the file
 * and dry-runs it (dry-run.ts: every row checked with the API's rules, nothing written), a commit
 * in batches that can be resumed, abandoning and the problems report (commit.ts). Each kind of
 * record is one file under kinds/ (its code lists, its database checks, its writer). Each row is
 * keyed by the council's id (an external reference unique per source), so a resumed commit or a
 * second import of the same file writes nothing twice.
 */
export class ImportsService {
  constructor(
    private readonly db: Database,
    private readonly settings: ImportSettings,
    /** Puts a commit on the background queue (the routes); without it, `queueCommit` is unavailable. */
    private readonly enqueue?: (importId: string) => Promise<void>,
  ) {}

  createMapping(actor: Actor, input: NewImportMappingBody): Promise<ImportMappingBody> {
    return createMapping(this.db, actor, input);
  }

  mappings(_actor: Actor): Promise<{ items: ImportMappingBody[] }> {
    return listMappings(this.db);
  }

  mappingByName(name: string): Promise<ImportMappingBody | null> {
    return mappingNamed(this.db, name);
  }

  async get(actor: Actor, id: string): Promise<ImportJobBody> {
    const job = await jobOrNotFound(this.db, id);
    await actor.audit(this.db, { action: 'import.read', resourceType: 'import', resourceId: id });
    return jobView(this.db, job);
  }

  async list(actor: Actor): Promise<{ items: ImportJobBody[] }> {
    const jobs = await repo.jobs(this.db, 100);
    await actor.audit(this.db, { action: 'import.list', resourceType: 'import' });
    return { items: await jobViews(this.db, jobs) };
  }

  upload(
    actor: Actor,
    input: { mappingId: string; fileName: string; format: ImportFormat; body: AsyncIterable<Buffer | string> },
  ): Promise<ImportJobBody> {
    return uploadAndDryRun(this.db, this.settings, actor, input);
  }

  /** Commits in this process, to the end (the command line, with its progress line). */
  commit(actor: Actor, id: string, input: ImportCommitBody, hooks: CommitHooks = {}): Promise<ImportJobBody> {
    return commitImport(this.db, this.settings, actor, id, input, hooks);
  }

  /**
   * Checks the commit may go ahead and hands it to the background job (commit-job.ts): the answer
   * is the import now `committing` (`queued`), or as it is when it was already committed.
   */
  async queueCommit(
    actor: Actor,
    id: string,
    input: ImportCommitBody,
  ): Promise<{ queued: boolean; job: ImportJobBody }> {
    const marked = await markCommitting(this.db, actor, id, input);
    if (marked) await this.enqueue!(id);
    return { queued: marked !== null, job: await jobView(this.db, (await repo.jobById(this.db, id))!) };
  }

  abandon(actor: Actor, id: string): Promise<void> {
    return abandonImport(this.db, actor, id);
  }

  problemsCsv(actor: Actor, id: string): Promise<{ filename: string; csv: Readable }> {
    return problemsCsv(this.db, actor, id);
  }
}
