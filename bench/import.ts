/**
 * Importing a council's people export at volume: writes a Mosaic-like CSV of N people (streamed
 * to a temporary file), then runs the same code as `pnpm run import` in this process — the dry
 * run, then the commit — and prints rows per second and the process's peak memory (RSS and
 * heap, sampled every 50 ms) for each. Flat memory is the point: the peak should not grow with N.
 *
 *   pnpm bench:import [-- --rows 20000 --batch 1000]
 *
 * A fresh database `threefold_bench_import` on BENCH_DATABASE_URL (else DATABASE_URL) each run.
 * NHS test numbers run out at 900,000: rows past that have none (as some council records do).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createDbClient } from '../packages/db/src/index.js';
import { NHS_TEST_NUMBER_COUNT, nhsNumberFromSeed } from '../packages/domain/src/index.js';
import { runImportCommand } from '../services/api/src/cli/import-command.js';
import { createStaffUser } from '../services/api/test/support/auth.js';
import { benchDatabase, n, pg } from './support.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    rows: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '1000' },
    db: { type: 'string', default: 'threefold_bench_import' },
  },
});
const ROWS = Number(values.rows);
const BATCH = Number(values.batch);
const DB = values.db!;
const given = ['Margaret', 'Jean', 'Patricia', 'Susan', 'John', 'David', 'Robert', 'Peter', 'Alan', 'Brian'];
const family = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Roberts'];
const ethnicity = ['WBRI', 'WIRI', 'NOBT'];

async function writeFile(file: string): Promise<void> {
  const out = createWriteStream(file);
  const line = (cells: string[]) => `${cells.join(',')}\n`;
  out.write(line(['PERSON_ID', 'FORENAME', 'SURNAME', 'DOB', 'NHS_NO', 'ADDR1', 'POSTCODE', 'ETHNICITY', 'GENDER']));
  for (let i = 0; i < ROWS; i++) {
    const row = line([
      `M${i + 1}`,
      given[i % 10]!,
      `${family[Math.floor(i / 10) % 10]}${i}`,
      `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/${1930 + (i % 70)}`,
      i < NHS_TEST_NUMBER_COUNT ? nhsNumberFromSeed(i) : '',
      `"${i % 200} High Street, Flat ${i % 7}"`,
      'SY2 6ND',
      ethnicity[i % 3]!,
      i % 2 ? 'F' : 'M',
    ]);
    if (!out.write(row)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Runs `work`, sampling memory; answers its time and the peaks. */
async function measure<T>(work: () => Promise<T>) {
  global.gc?.();
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  sample();
  return { result, seconds, rssMb: rss / 2 ** 20, heapMb: heap / 2 ** 20 };
}

async function main(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists "${DB}" with (force)`);
    await admin.end();
  }
  const url = await benchDatabase(DB);
  const db = createDbClient({ connectionString: url, max: 4, role: 'threefold_app' });
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-import-'));
  try {
    const file = path.join(dir, 'people.csv');
    await writeFile(file);
    const mapping = path.join(dir, 'mosaic-people.json');
    const { writeFile: write } = await import('node:fs/promises');
    await write(
      mapping,
      JSON.stringify({
        name: 'Mosaic people',
        kind: 'people',
        source: 'mosaic',
        definition: {
          idColumn: 'PERSON_ID',
          columns: {
            givenName: 'FORENAME',
            familyName: 'SURNAME',
            dateOfBirth: 'DOB',
            nhsNumber: 'NHS_NO',
            addressLine1: 'ADDR1',
            postcode: 'POSTCODE',
            ethnicity: 'ETHNICITY',
            gender: 'GENDER',
          },
          valueMaps: { ethnicity: { WBRI: 'A1', WIRI: 'A2', NOBT: '99' }, gender: { M: 'male', F: 'female' } },
          dateFormat: 'dmy',
        },
      }),
    );
    const user = await createStaffUser(db, { roles: ['practice_admin'] });
    const lines: string[] = [];
    const io = { log: (l: string) => lines.push(l), progress: () => {} };
    const config = { IMPORT_MAX_BYTES: Number.MAX_SAFE_INTEGER, IMPORT_BATCH_SIZE: BATCH };
    const size = (await stat(file)).size;
    console.log(`${n(ROWS)} people, ${(size / 2 ** 20).toFixed(1)} MiB of CSV; commit batches of ${BATCH}`);

    const dry = await measure(() =>
      runImportCommand(['--file', file, '--mapping', mapping, '--user', user.email], db, config, io),
    );
    const id = /Import ([0-9a-f-]{36})/.exec(lines.join('\n'))?.[1];
    if (dry.result !== 0 || !id) throw new Error(`dry run failed: ${lines.join('\n')}`);
    console.log(
      `dry run: ${dry.seconds.toFixed(1)} s, ${n(Math.round(ROWS / dry.seconds))} rows/s, peak RSS ${dry.rssMb.toFixed(0)} MiB, peak heap ${dry.heapMb.toFixed(0)} MiB`,
    );
    const commit = await measure(() => runImportCommand(['--resume', id, '--user', user.email], db, config, io));
    if (commit.result !== 0) throw new Error(`commit failed: ${lines.join('\n')}`);
    console.log(
      `commit:  ${commit.seconds.toFixed(1)} s, ${n(Math.round(ROWS / commit.seconds))} rows/s, peak RSS ${commit.rssMb.toFixed(0)} MiB, peak heap ${commit.heapMb.toFixed(0)} MiB`,
    );
    const { rows } = await db.pool.query<{ n: string }>('select count(*) as n from people');
    console.log(`people recorded: ${n(Number(rows[0]!.n))}`);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
