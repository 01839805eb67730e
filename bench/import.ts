/**
 * Importing a council's export at volume: writes Mosaic-like CSVs (streamed to temporary files) of
 * N people and M related rows (default 2N) — M/2 relationships (each person to the next: carer or
 * spouse) and M/2 historic notes (round the people) — then runs the same code as `pnpm run import` in this process,
 * kind by kind: the dry run, then the commit. Prints rows per second and the process's peak memory
 * (RSS and heap, sampled every 50 ms, after a full collection; and the live heap — what is left after
 * a full collection, every 2 s) for each. Flat memory is the point:
 * the peak should not grow with N.
 *
 *   pnpm bench:import [-- --rows 20000 --related 40000 --batch 1000 --db threefold_bench_import --profile --dry-run-only --drop]
 *
 * The figure is `--rows 1000000 --related 2000000`. `--related 0` imports people only; `--dry-run-only` stops each kind after its dry run. `--profile` also prints where the commit's database time went
 * (the statements by total time, as the driver saw them). A fresh database (`--db`, default
 * `threefold_bench_import`) on BENCH_DATABASE_URL (else DATABASE_URL) each run; dropped after
 * with `--drop`. NHS test numbers run out at 900,000: rows past that have none (as some council
 * records do).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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
    related: { type: 'string' },
    profile: { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
    'dry-run-only': { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);
const BATCH = Number(values.batch);
const DB = values.db!;
/** Related rows in all (half relationships, half notes): twice the people unless given. */
const RELATED = values.related === undefined ? 2 * ROWS : Number(values.related);
const given = ['Margaret', 'Jean', 'Patricia', 'Susan', 'John', 'David', 'Robert', 'Peter', 'Alan', 'Brian'];
const family = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Roberts'];
const ethnicity = ['WBRI', 'WIRI', 'NOBT'];

setFlagsFromString('--expose-gc');
/** A full collection before each measurement, so one phase's garbage is not counted in the next. */
const gc = runInNewContext('gc') as () => void;

const line = (cells: string[]) => `${cells.join(',')}\n`;

/** Streams `count` rows made by `row` (after `header`) to `file`. */
async function writeCsv(file: string, header: string[], count: number, row: (i: number) => string[]): Promise<void> {
  const out = createWriteStream(file);
  out.write(line(header));
  for (let i = 0; i < count; i++) if (!out.write(line(row(i)))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const peopleFile = (file: string) =>
  writeCsv(
    file,
    ['PERSON_ID', 'FORENAME', 'SURNAME', 'DOB', 'NHS_NO', 'ADDR1', 'POSTCODE', 'ETHNICITY', 'GENDER'],
    ROWS,
    (i) => [
      `M${i + 1}`,
      given[i % 10]!,
      `${family[Math.floor(i / 10) % 10]}${i}`,
      `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/${1930 + (i % 70)}`,
      i < NHS_TEST_NUMBER_COUNT ? nhsNumberFromSeed(i) : '',
      `"${i % 200} High Street, Flat ${i % 7}"`,
      'SY2 6ND',
      ethnicity[i % 3]!,
      i % 2 ? 'F' : 'M',
    ],
  );

/** Person i to person i+1 (the last to the first): a main carer every third row, else a spouse. */
const relationshipsFile = (file: string, count: number) =>
  writeCsv(file, ['REL_ID', 'PERSON_ID', 'OTHER_ID', 'REL_TYPE', 'MAIN'], count, (i) => [
    `R${i + 1}`,
    `M${(i % ROWS) + 1}`,
    `M${((i + 1) % ROWS) + 1}`,
    i % 3 ? 'SPOUSE' : 'CARER',
    i % 3 ? 'N' : 'Y',
  ]);

/** A historic note on person i (round the people again past N). */
const notesFile = (file: string, count: number) =>
  writeCsv(file, ['NOTE_ID', 'PERSON_ID', 'WHEN', 'TYPE', 'TITLE', 'TEXT', 'WORKER'], count, (i) => [
    `N${i + 1}`,
    `M${(i % ROWS) + 1}`,
    `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/${2010 + (i % 15)} 10:30`,
    i % 2 ? 'HV' : 'TEL',
    i % 2 ? 'Home visit' : 'Phone call',
    `"Saw them at home, talked about the week; ${i % 97} things to follow up, none urgent."`,
    i % 4 ? 'Jo Bloggs' : '',
  ]);

const mappings = {
  people: {
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
  },
  relationships: {
    name: 'Mosaic relationships',
    kind: 'relationships',
    source: 'mosaic',
    definition: {
      idColumn: 'REL_ID',
      columns: { personId: 'PERSON_ID', relatedPersonId: 'OTHER_ID', type: 'REL_TYPE', isMainCarer: 'MAIN' },
      valueMaps: { type: { CARER: 'unpaid_carer_of', SPOUSE: 'spouse_or_partner' } },
    },
  },
  notes: {
    name: 'Mosaic notes',
    kind: 'notes',
    source: 'mosaic',
    definition: {
      idColumn: 'NOTE_ID',
      columns: {
        personId: 'PERSON_ID',
        occurredAt: 'WHEN',
        kind: 'TYPE',
        summary: 'TITLE',
        body: 'TEXT',
        author: 'WORKER',
      },
      valueMaps: { kind: { HV: 'visit', TEL: 'phone_call' } },
      dateFormat: 'dmy',
    },
  },
} as const;

/** Time spent per statement (its text up to the first parameter list), as the driver saw it: `--profile`. */
const statementTimes = new Map<string, { calls: number; ms: number }>();
function profile(db: ReturnType<typeof createDbClient>): void {
  db.pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string };
      const text = (typeof first === 'string' ? first : first.text).replace(/\s+/g, ' ');
      const key = text
        .replace(/\(\$\d+.*$/, '(…')
        .replace(/ in \(.*$/, ' in (…')
        .slice(0, 110);
      const started = performance.now();
      const done = () => {
        const t = statementTimes.get(key) ?? { calls: 0, ms: 0 };
        t.calls += 1;
        t.ms += performance.now() - started;
        statementTimes.set(key, t);
      };
      const last = args[args.length - 1];
      if (typeof last === 'function')
        return query(...args.slice(0, -1), (...r: unknown[]) => {
          done();
          (last as (...r: unknown[]) => void)(...r);
        });
      const result = query(...args) as Promise<unknown>;
      return result.finally(done);
    };
  });
}

function printProfile(label: string): void {
  const top = [...statementTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
  const total = [...statementTimes.values()].reduce((a, t) => a + t.ms, 0);
  console.log(`  ${label} database time ${(total / 1000).toFixed(1)} s, by statement:`);
  for (const [text, t] of top)
    console.log(`    ${(t.ms / 1000).toFixed(1).padStart(7)} s ${String(t.calls).padStart(7)} calls  ${text}`);
  statementTimes.clear();
}

/** Runs `work`, sampling memory; answers its time and the peaks. */
async function measure<T>(work: () => Promise<T>) {
  gc();
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  // What the heap holds after a full collection, every 2 s: what the work keeps, not its garbage.
  let live = 0;
  const collect = () => {
    gc();
    live = Math.max(live, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 50);
  const liveTimer = setInterval(collect, 2000);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  clearInterval(liveTimer);
  sample();
  collect(); // a phase shorter than 2 s is read once, at its end

  return { result, seconds, rssMb: rss / 2 ** 20, heapMb: heap / 2 ** 20, liveMb: live / 2 ** 20 };
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
  if (values.profile) profile(db);
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-import-'));
  try {
    const user = await createStaffUser(db, { roles: ['practice_admin'] });
    const lines: string[] = [];
    const io = { log: (l: string) => lines.push(l), progress: () => {} };
    const config = { IMPORT_MAX_BYTES: Number.MAX_SAFE_INTEGER, IMPORT_BATCH_SIZE: BATCH };
    const related = Math.round(RELATED / 2);
    const kinds = [
      { kind: 'people', rows: ROWS, write: peopleFile },
      ...(related
        ? [
            { kind: 'relationships', rows: related, write: (f: string) => relationshipsFile(f, related) },
            { kind: 'notes', rows: related, write: (f: string) => notesFile(f, related) },
          ]
        : []),
    ] as const;
    console.log(
      `commit batches of ${BATCH}; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')}`,
    );
    for (const { kind, rows, write } of kinds) {
      const file = path.join(dir, `${kind}.csv`);
      await write(file);
      const mapping = path.join(dir, `mosaic-${kind}.json`);
      await writeFile(mapping, JSON.stringify(mappings[kind]));
      const size = (await stat(file)).size;
      console.log(`${kind}: ${n(rows)} rows, ${(size / 2 ** 20).toFixed(1)} MiB of CSV`);
      lines.length = 0;
      const dry = await measure(() =>
        runImportCommand(['--file', file, '--kind', kind, '--mapping', mapping, '--user', user.email], db, config, io),
      );
      const id = /Import ([0-9a-f-]{36})/.exec(lines.join('\n'))?.[1];
      if (dry.result !== 0 || !id) throw new Error(`dry run failed: ${lines.join('\n')}`);
      statementTimes.clear();
      console.log(
        `  dry run: ${dry.seconds.toFixed(1)} s, ${n(Math.round(rows / dry.seconds))} rows/s, peak RSS ${dry.rssMb.toFixed(0)} MiB, peak heap ${dry.heapMb.toFixed(0)} MiB, live heap ${dry.liveMb.toFixed(0)} MiB (load ${loadavg()[0]!.toFixed(1)})`,
      );
      if (values['dry-run-only']) continue;
      const commit = await measure(() => runImportCommand(['--resume', id, '--user', user.email], db, config, io));
      if (commit.result !== 0) throw new Error(`commit failed: ${lines.join('\n')}`);
      console.log(
        `  commit:  ${commit.seconds.toFixed(1)} s, ${n(Math.round(rows / commit.seconds))} rows/s, peak RSS ${commit.rssMb.toFixed(0)} MiB, peak heap ${commit.heapMb.toFixed(0)} MiB, live heap ${commit.liveMb.toFixed(0)} MiB (load ${loadavg()[0]!.toFixed(1)})`,
      );
      if (values.profile) printProfile('commit');
      await rm(file);
    }
    const { rows } = await db.pool.query<{ people: string; pairs: string; notes: string }>(
      'select (select count(*) from people) as people, (select count(*) / 2 from relationships) as pairs, (select count(*) from case_notes) as notes',
    );
    console.log(
      `recorded: ${n(Number(rows[0]!.people))} people, ${n(Number(rows[0]!.pairs))} relationships, ${n(Number(rows[0]!.notes))} notes`,
    );
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
    if (values.drop && serverUrl) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists "${DB}" with (force)`);
      await admin.end();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
