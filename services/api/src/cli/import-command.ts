/**
 * `pnpm run import -- --file people.csv --kind people --mapping mosaic-people.json --user admin@…`:
 * the same upload, dry run and commit as `POST /v1/imports`, for files too big to send over HTTP,
 * with a progress line. Acts as the colleague named by `--user` (a practice administrator), so
 * every batch is audited under their name.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pipeline } from 'node:stream/promises';
import type { DbClient } from '@threefold/db';
import { importKinds, permissionsOfRoles, type ImportKind, type Role } from '@threefold/domain';
import { AuditWriter } from '../audit/writer.js';
import type { Config } from '../config.js';
import { AppProblem } from '../errors.js';
import type { ImportFormat } from '../modules/imports/file-reader.js';
import type { ImportJobBody, NewImportMappingBody } from '../modules/imports/schemas.js';
import { withCommitLock } from '../modules/imports/commit-job.js';
import { ImportsService } from '../modules/imports/service.js';
import { staffRepository } from '../modules/staff/repository.js';
import { colleagueActor } from '../platform/colleague-actor.js';
import { cliArgs } from './args.js';

export const usage =
  'usage: pnpm run import -- --file FILE.csv|FILE.xlsx --kind KIND --mapping MAPPING.json|"saved mapping name" --user EMAIL\n' +
  `         KIND: ${importKinds.join(', ')} (default people)\n` +
  '         [--commit] [--skip-bad-rows] [--report problems.csv] [--resume IMPORT_ID]';

export function importArgs(argv?: string[]) {
  return parseArgs({
    args: cliArgs(argv),
    options: {
      file: { type: 'string' },
      kind: { type: 'string', default: 'people' },
      mapping: { type: 'string' },
      user: { type: 'string' },
      commit: { type: 'boolean', default: false },
      'skip-bad-rows': { type: 'boolean', default: false },
      report: { type: 'string' },
      resume: { type: 'string' },
    },
  }).values;
}

export interface ImportCommandIo {
  /** A whole line. */
  log(line: string): void;
  /** The progress line, rewritten in place on a terminal. */
  progress(line: string): void;
}

const progressLine = (job: ImportJobBody) =>
  `${job.status}: ${job.committedRows} written, ${job.skippedRows} skipped, batch ${job.batches} — ${(job.progress * 100).toFixed(1)}%`;

/** Runs the command; returns the process exit code. */
export async function runImportCommand(
  argv: string[] | undefined,
  db: DbClient,
  config: Pick<Config, 'IMPORT_MAX_BYTES' | 'IMPORT_BATCH_SIZE'>,
  io: ImportCommandIo,
  now: () => Date = () => new Date(),
): Promise<number> {
  const args = importArgs(argv);
  if (!args.user || (!args.resume && (!args.file || !args.mapping))) {
    io.log(usage);
    return 64;
  }
  if (!(importKinds as readonly string[]).includes(args.kind!)) {
    io.log(`--kind must be one of: ${importKinds.join(', ')}`);
    return 64;
  }
  const userId = await staffRepository.userIdByEmail(db.db, args.user);
  const user = userId ? await staffRepository.findUser(db.db, userId) : undefined;
  if (!user || user.disabledAt) {
    io.log(`No colleague signs in as ${args.user}.`);
    return 65;
  }
  if (!permissionsOfRoles(user.roles as Role[]).has('imports:run')) {
    io.log(`${args.user} may not run imports (a practice administrator can).`);
    return 77;
  }
  const writer = new AuditWriter(db.pool);
  const actor = colleagueActor(db.db, writer, user, 'cli', now);
  // The command line has no request to time out: the file size limit is the configured one or the file's own.
  const service = new ImportsService(db.db, {
    maxBytes: Number.MAX_SAFE_INTEGER,
    batchSize: config.IMPORT_BATCH_SIZE,
  });
  try {
    let job: ImportJobBody;
    if (args.resume) {
      job = await service.get(actor, args.resume);
    } else {
      const file = args.file!;
      const format = path.extname(file).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv';
      const mappingId = await resolveMapping(service, actor, args.mapping!, args.kind as ImportKind);
      const size = (await stat(file)).size;
      io.log(`Checking ${path.basename(file)} (${size} bytes) — a dry run, nothing is written…`);
      const started = Date.now();
      job = await service.upload(actor, {
        mappingId,
        fileName: path.basename(file),
        format: format as ImportFormat,
        body: createReadStream(file),
      });
      io.log(
        `Import ${job.id}: ${job.totalRows} rows, ${job.badRows} with problems, ${job.alreadyImportedRows} already imported (${((Date.now() - started) / 1000).toFixed(1)} s).`,
      );
      for (const p of job.problems.slice(0, 10)) io.log(`  row ${p.rowNumber} ${p.field}: ${p.reason}`);
    }
    if (args.report) {
      const { csv } = await service.problemsCsv(actor, job.id);
      await pipeline(csv, createWriteStream(args.report));
      io.log(`Every problem is in ${args.report}.`);
    }
    if (!args.commit && !args.resume) {
      io.log(`Nothing written. To write it: --resume ${job.id}${job.badRows ? ' --skip-bad-rows' : ''}`);
      return job.badRows ? 2 : 0;
    }
    // Under the same lock as the API's background job: one run an import at a time.
    const run = await withCommitLock(db.pool, job.id, () =>
      service.commit(
        actor,
        job.id,
        { skipBadRows: args['skip-bad-rows'] ?? false },
        { progress: (j) => io.progress(progressLine(j)) },
      ),
    );
    if (!run.ran) {
      io.log(`Import ${job.id} is being committed by the API's background job: follow it in the console.`);
      return 3;
    }
    io.log(progressLine(run.result));
    return 0;
  } catch (error) {
    if (error instanceof AppProblem) {
      io.log(`${error.title}: ${error.detail ?? ''}`);
      return error.status === 409 ? 3 : 65;
    }
    throw error;
  } finally {
    await writer.close();
  }
}

/** A saved mapping by name, or a JSON file holding one (`name`, `kind`, `source`, `definition`), saved on first use. */
async function resolveMapping(
  service: ImportsService,
  actor: Parameters<ImportsService['createMapping']>[0],
  mapping: string,
  kind: ImportKind,
): Promise<string> {
  if (!mapping.toLowerCase().endsWith('.json')) {
    const saved = await service.mappingByName(mapping);
    if (!saved)
      throw new AppProblem(422, 'mapping_not_found', 'No such mapping', `No saved mapping is called "${mapping}".`);
    return saved.id;
  }
  const document = JSON.parse(await readFile(mapping, 'utf8')) as Partial<NewImportMappingBody>;
  const name = document.name ?? path.basename(mapping, '.json');
  const saved = await service.mappingByName(name);
  if (saved) return saved.id;
  const created = await service.createMapping(actor, {
    name,
    kind: document.kind ?? kind,
    source: document.source ?? 'council',
    definition: document.definition!,
  });
  return created.id;
}
