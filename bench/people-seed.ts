/**
 * Seeds the people benchmark's database with COPY: `count` people whose given and family names
 * are drawn from realistic frequency distributions (`names.ts`), with what the API's own write
 * path would leave for search — the distinct name parts in `person_family_names` and
 * `person_given_names` (kept by the `people_name_key` trigger) and every index of `people`.
 * For a large first seed the secondary indexes are dropped and rebuilt after the COPY and the
 * trigger's work is done in one `insert … select distinct`, as a bulk load would; a seed on top
 * of existing people goes through the trigger and the indexes, row by row.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type PgModule from 'pg';
import type * as CopyStreams from 'pg-copy-streams';
import { NHS_TEST_NUMBER_COUNT, nhsNumberFromSeed } from '../packages/domain/src/index.js';
import { inwardLetters, towns } from '../services/api/src/cli/seed.js';
import { familyNameList, givenNameList, seeded, zipfSampler } from './names.js';
import { n, requireFromApi } from './support.js';

const { from: copyFrom } = requireFromApi('pg-copy-streams') as typeof CopyStreams;
const outwards = towns.flatMap(([, codes]) => codes);

/** Person `i`'s id: ordered, so the primary key is filled left to right. */
export const benchPersonId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** Person `i`'s date of birth, 1925–2004 (deterministic). */
function dateOfBirth(random: () => number): string {
  const y = 1925 + Math.floor(random() * 80);
  const m = 1 + Math.floor(random() * 12);
  const d = 1 + Math.floor(random() * 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Rows `from`…`to`-1 as COPY text, generated a chunk at a time (the same seed, the same people). */
function* rows(from: number, to: number): Generator<string> {
  const given = givenNameList();
  const family = familyNameList();
  const random = seeded(42);
  const givenRank = zipfSampler(given.length, random);
  const familyRank = zipfSampler(family.length, random);
  let chunk: string[] = [];
  for (let i = 0; i < to; i++) {
    const g = given[givenRank()]!;
    const f = family[familyRank()]!;
    const dob = dateOfBirth(random);
    const postcode = `${outwards[Math.floor(random() * outwards.length)]} ${Math.floor(random() * 10)}${inwardLetters[Math.floor(random() * 20)]}${inwardLetters[Math.floor(random() * 20)]}`;
    if (i < from) continue;
    // The NHS test range holds 900,000 numbers; beyond it people have none recorded, as some do.
    const nhs = i < NHS_TEST_NUMBER_COUNT ? nhsNumberFromSeed(i) : '\\N';
    chunk.push(`${benchPersonId(i)}\t${g}\t${f}\t${dob}\t${nhs}\t${postcode}\n`);
    if (chunk.length === 20_000) {
      yield chunk.join('');
      chunk = [];
      if (i % 1_000_000 < 20_000) process.stdout.write(`  people ${n(i)}\r`);
    }
  }
  if (chunk.length) yield chunk.join('');
}

export async function seedPeople(client: PgModule.Client, count: number): Promise<void> {
  const { rows: have } = await client.query<{ n: number }>('select count(*)::int as n from people');
  const already = have[0]!.n;
  if (already >= count) {
    console.log(`people: ${n(already)} already seeded`);
    return;
  }
  const started = Date.now();
  const bulk = already === 0 && count >= 100_000;
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes
      where schemaname = 'public' and tablename = 'people' and indexname <> 'people_pkey'`,
  );
  if (bulk) {
    for (const i of indexes) await client.query(`drop index ${i.name}`);
    await client.query('alter table people disable trigger people_name_key');
  }
  await pipeline(
    Readable.from(rows(already, count)),
    client.query(copyFrom('copy people (id, given_name, family_name, date_of_birth, nhs_number, postcode) from stdin')),
  );
  console.log(`people: copied ${n(count - already)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (bulk) {
    const t0 = Date.now();
    await client.query(`set maintenance_work_mem = '512MB'`);
    await client.query(
      'insert into person_family_names (name) select distinct lower(family_name) from people on conflict do nothing',
    );
    await client.query(
      'insert into person_given_names (name) select distinct lower(given_name) from people on conflict do nothing',
    );
    await client.query('alter table people enable trigger people_name_key');
    for (const i of indexes) await client.query(i.def);
    console.log(`people: name parts and ${indexes.length} indexes built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  for (const table of ['people', 'person_family_names', 'person_given_names'])
    await client.query(`vacuum analyze ${table}`);
}
