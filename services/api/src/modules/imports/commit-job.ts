import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { AppProblem } from '../../errors.js';
import { safeError } from '../../logger.js';
import { createBoss } from '../../outbox/queue.js';
import { startPeriodicWorker, type Worker } from '../../periodic.js';
import { colleagueActor } from '../../platform/colleague-actor.js';
import { staffRepository } from '../staff/repository.js';
import { writeBatches } from './commit.js';
import { importsRepository as repo } from './repository.js';
import type { ImportSettings } from './service.js';

/** The pg-boss queue of import commits (made by migration 0040, policy `short`: one waiting job an import). */
export const IMPORT_COMMIT_QUEUE = 'import-commit';

export interface ImportCommitJobData {
  importId: string;
}

/** Puts a commit on the queue; a job already waiting for the same import is kept and this one dropped. */
export async function enqueueCommit(boss: PgBoss, importId: string): Promise<void> {
  await boss.send(IMPORT_COMMIT_QUEUE, { importId } satisfies ImportCommitJobData, {
    singletonKey: importId,
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    // A commit running longer is offered again; the new run finds the import locked and leaves it.
    expireInSeconds: 60 * 60,
  });
}

export interface ImportCommitWorkerOptions {
  /** How often a worker asks the queue for work. */
  pollSeconds?: number;
  /** How often imports left `committing` (their worker gone) are put back on the queue, also at start (IMPORT_COMMIT_SWEEP_SECONDS). */
  sweepEveryMs?: number;
}

/**
 * Runs import commits off the request path, in every API instance. An import is committed by one
 * run at a time: the run holds a PostgreSQL advisory lock on its own connection for the whole
 * commit, so a killed worker's lock goes with its connection. Imports left `committing` by a
 * worker that died are queued again at start and every `sweepEveryMs`; the resumed commit passes
 * over rows already claimed by council id, so nothing is written twice. A stop lets the batch in
 * hand finish and leaves the rest to the next start.
 */
export async function startImportCommitWorker(
  app: FastifyInstance,
  options: ImportCommitWorkerOptions = {},
): Promise<Worker> {
  const log = app.log.child({ worker: 'import-commit' });
  const boss = createBoss(app.dbClient.pool);
  boss.on('error', (err) => log.warn({ err: safeError(err) }, 'job queue error'));
  await boss.start();
  const settings: ImportSettings = {
    maxBytes: app.config.IMPORT_MAX_BYTES,
    batchSize: app.config.IMPORT_BATCH_SIZE,
  };
  let stopping = false;
  await boss.work<ImportCommitJobData>(
    IMPORT_COMMIT_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: options.pollSeconds ?? 1 },
    async (jobs) => {
      for (const job of jobs) await commitInBackground(app, settings, job.data.importId, () => stopping);
    },
  );
  const sweeper = startPeriodicWorker(app, {
    name: 'import-commit-sweep',
    everyMs: options.sweepEveryMs ?? app.config.IMPORT_COMMIT_SWEEP_SECONDS * 1000,
    work: async () => {
      for (const id of await repo.committingJobIds(app.dbClient.db)) await enqueueCommit(boss, id);
    },
    failure: 'queueing imports left committing failed',
  });
  return {
    name: 'import-commit',
    async stop() {
      stopping = true;
      await sweeper.stop();
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 60_000 });
    },
  };
}

/**
 * Runs `work` holding the import's commit lock (a session advisory lock on a connection of its own,
 * so it goes with a killed process's connection); answers `{ ran: false }` when another run holds it.
 */
export async function withCommitLock<T>(
  pool: pg.Pool,
  importId: string,
  work: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  const lock = await pool.connect();
  const key = `import-commit:${importId}`;
  try {
    const { rows } = await lock.query<{ locked: boolean }>(
      'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
      [key],
    );
    if (!rows[0]!.locked) return { ran: false };
    try {
      return { ran: true, result: await work() };
    } finally {
      await lock.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    }
  } finally {
    lock.release();
  }
}

/** One run of an import's commit, under the import's lock; a run that finds it held leaves it to its holder. */
export async function commitInBackground(
  app: FastifyInstance,
  settings: ImportSettings,
  importId: string,
  stopRequested: () => boolean = () => false,
): Promise<void> {
  const { db, pool } = app.dbClient;
  const log = app.log.child({ worker: 'import-commit', importId });
  await withCommitLock(pool, importId, async () => {
    try {
      const job = await repo.jobById(db, importId);
      if (job?.status !== 'committing' || !job.committedById) return;
      const user = await staffRepository.findUser(db, job.committedById);
      if (!user) return;
      const actor = colleagueActor(db, app.audit, user, `import-commit:${importId}`, () => app.clock());
      const done = await writeBatches(db, settings, actor, importId, { stopRequested });
      log.info({ status: done.status, committedRows: done.committedRows, batches: done.batches }, 'import commit run');
    } catch (error) {
      // Refused (abandoned meanwhile): nothing to retry.
      if (error instanceof AppProblem) log.info({ code: error.code }, 'import commit stopped');
      else throw error;
    }
  });
}
