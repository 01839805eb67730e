import { importProblems } from '@threefold/db';
import { nhsNumberFromSeed } from '@threefold/domain';
import { and, asc, eq, ne } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { LightMyRequestResponse } from 'fastify';
import type JSZip from 'jszip';
import { expect } from 'vitest';
import { startImportCommitWorker } from '../../src/modules/imports/commit-job.js';
import type { Worker } from '../../src/periodic.js';
import type { SignedIn } from '../support/auth.js';
import type { Caller, TestContext } from '../support/factories.js';

/** The background commit worker in the test's own app (tests start the workers they exercise). */
export function importWorker(ctx: TestContext): Promise<Worker> {
  return startImportCommitWorker(ctx.app, { pollSeconds: 0.5, sweepEveryMs: 3_600_000 });
}

/**
 * `POST /v1/imports/{id}/commit`, then, when it was queued (202), `GET /v1/imports/{id}` until the
 * background job has finished: the answer as a test wants to see it (a refusal as it came).
 */
export async function commitAndWait(
  ctx: TestContext,
  who: Caller,
  id: string,
  payload: Record<string, unknown> = {},
): Promise<LightMyRequestResponse> {
  const queued = await ctx.call(who, { method: 'POST', url: `/v1/imports/${id}/commit`, payload });
  if (queued.statusCode !== 202) return queued;
  for (const started = Date.now(); Date.now() - started < 240_000;) {
    const now = await ctx.call(who, { method: 'GET', url: `/v1/imports/${id}` }, 200);
    if (now.json().status !== 'committing') return now;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`import ${id} was still committing after 4 minutes`);
}

/**
 * Brings one file of a hand-back archive into a practice with the mapping the archive carries for
 * it: the upload has no problems and the commit writes every row.
 */
export async function importCarried(ctx: TestContext, who: Caller, zip: JSZip, file: string) {
  const carried = JSON.parse(await zip.file(file.replace(/\.csv$/, '.mapping.json'))!.async('string'));
  const saved = (await ctx.call(who, { method: 'POST', url: '/v1/import-mappings', payload: carried }, 201)).json();
  const upload = await ctx.call(who, {
    method: 'POST',
    url: `/v1/imports?mappingId=${saved.id}&fileName=${file}`,
    headers: { 'content-type': 'text/csv' },
    payload: await zip.file(file)!.async('string'),
  });
  expect(upload.statusCode, upload.body).toBe(201);
  expect(upload.json().problems.slice(0, 5)).toEqual([]);
  const committed = await commitAndWait(ctx, who, upload.json().id);
  expect(committed.json()).toMatchObject({ status: 'committed', committedRows: upload.json().totalRows });
  return committed.json() as { committedRows: number };
}

/**
 * The import routes as one colleague calls them from a test file: make a mapping (201), upload a
 * CSV under `fileName` (the answer as it comes), commit and wait for the background job (200; start
 * `importWorker` in the file). Getters, since the context and the colleague are made in `beforeAll`.
 */
export function importCalls(ctx: () => TestContext, who: () => SignedIn, fileName: string) {
  return {
    mapping: async (payload: Record<string, unknown>) =>
      (await ctx().call(who(), { method: 'POST', url: '/v1/import-mappings', payload }, 201)).json() as { id: string },
    upload: (mappingId: string, body: string) =>
      ctx().call(who(), {
        method: 'POST',
        url: `/v1/imports?mappingId=${mappingId}&fileName=${fileName}`,
        headers: { 'content-type': 'text/csv' },
        payload: body,
      }),
    commit: async (id: string, payload: Record<string, unknown> = {}) => {
      const done = await commitAndWait(ctx(), who(), id, payload);
      if (done.statusCode !== 200) throw new Error(`commit answered ${done.statusCode}: ${done.body}`);
      return done;
    },
  };
}

/** A Mosaic-like people export: the council's own column names and codes. */
export const mosaicHeader = [
  'PERSON_ID',
  'FORENAME',
  'SURNAME',
  'DOB',
  'DOD',
  'NHS_NO',
  'ADDR1',
  'POSTCODE',
  'ETHNICITY',
  'GENDER',
  'INTERPRETER',
];

export const mosaicMapping = (source = 'mosaic') => ({
  kind: 'people',
  source,
  definition: {
    idColumn: 'PERSON_ID',
    columns: {
      givenName: 'FORENAME',
      familyName: 'SURNAME',
      dateOfBirth: 'DOB',
      dateOfDeath: 'DOD',
      nhsNumber: 'NHS_NO',
      addressLine1: 'ADDR1',
      postcode: 'POSTCODE',
      ethnicity: 'ETHNICITY',
      gender: 'GENDER',
      interpreterNeeded: 'INTERPRETER',
    },
    valueMaps: { ethnicity: { WBRI: 'A1', WIRI: 'A2', NOBT: '99' }, gender: { M: 'male', F: 'female', U: 'unknown' } },
    dateFormat: 'dmy',
  },
});

export type MosaicRow = Record<(typeof mosaicHeader)[number], string>;

const given = ['Margaret', 'Jean', 'Patricia', 'John', 'David', 'Robert', 'Susan', 'Peter', 'Alan', 'Joan'];
const family = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Roberts'];

/** A good row: every field valid, the name and NHS number unique to `i`. */
export function goodRow(i: number, over: Partial<MosaicRow> = {}): MosaicRow {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  return {
    PERSON_ID: `M${100000 + i}`,
    FORENAME: given[i % given.length]!,
    SURNAME: `${family[Math.floor(i / given.length) % family.length]}-${i}`,
    DOB: `${day}/${month}/${1930 + (i % 60)}`,
    DOD: '',
    NHS_NO: nhsNumberFromSeed(500_000 + i),
    ADDR1: `${i} High Street`,
    POSTCODE: 'SY2 6ND',
    ETHNICITY: i % 2 ? 'WBRI' : 'WIRI',
    GENDER: i % 2 ? 'F' : 'M',
    INTERPRETER: i % 5 ? 'N' : 'Y',
    ...over,
  };
}

export function csvOf(rows: MosaicRow[], header: readonly string[] = mosaicHeader): string {
  return stringify([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]);
}

/** A job's problems of one field, leaving out one code (the filler rows' own), read from the table: all of them, not the first 100. */
export function problemsOfField(ctx: TestContext, jobId: string, field: string, except: string) {
  return ctx.db.db
    .select({ rowNumber: importProblems.rowNumber, code: importProblems.code, reason: importProblems.reason })
    .from(importProblems)
    .where(and(eq(importProblems.jobId, jobId), eq(importProblems.field, field), ne(importProblems.code, except)))
    .orderBy(asc(importProblems.rowNumber));
}
