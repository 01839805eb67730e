import { importSeenKeys, people } from '@threefold/db';
import { permissionsOfRoles } from '@threefold/domain';
import { count, eq } from 'drizzle-orm';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import type { NewImportMappingBody } from '../../src/modules/imports/schemas.js';
import { ImportsService } from '../../src/modules/imports/service.js';
import { fixedActor } from '../../src/platform/actor.js';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import { csvOf, goodRow, mosaicMapping } from './support.js';

const NOW = new Date('2026-11-30T10:00:00Z');
let ctx: TestContext;
let admin: SignedIn;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => NOW });
  admin = await ctx.signedIn('practice_admin');
});
afterAll(() => ctx.close());

function adminActor() {
  const principal: Principal = {
    kind: 'user',
    userId: admin.user.id,
    sessionId: 'test',
    displayName: 'Admin',
    roles: ['practice_admin'],
    teamIds: [],
    delegatedWeeklyLimitPence: null,
    permissions: permissionsOfRoles(['practice_admin']),
  };
  return fixedActor(
    principal,
    (tx, e) => ctx.app.audit.recordInTx(tx, { ...e, actorType: 'user', actorId: admin.user.id }),
    () => NOW,
  );
}

describe('a file longer than one check batch (1,000 rows)', () => {
  it('finds duplicates far apart in the file, names the first row, keeps nothing of them after the dry run, and a commit leaves out exactly the bad rows', async () => {
    const actor = adminActor();
    const service = new ImportsService(ctx.db.db, { maxBytes: 10 * 2 ** 20, batchSize: 700 });
    const mapping = await service.createMapping(actor, {
      name: 'Mosaic people, long file',
      ...(mosaicMapping('mosaic-long') as Omit<NewImportMappingBody, 'name'>),
    });
    // File row r holds goodRow(r - 1): the header is row 1.
    const rows = Array.from({ length: 2600 }, (_, i) => goodRow(i + 1));
    const row = (r: number) => rows[r - 2]!;
    const put = (r: number, over: Parameters<typeof goodRow>[1]) => (rows[r - 2] = goodRow(r - 1, over));
    // The council id of row 2 again on row 2,502 (two check batches later).
    put(2502, { PERSON_ID: row(2).PERSON_ID });
    // The NHS number of row 10 again on row 1,510 (the next batch) and on row 2,590 (the one after): both name row 10.
    put(1510, { NHS_NO: row(10).NHS_NO });
    put(2590, { NHS_NO: row(10).NHS_NO });
    // A number first met on row 1,600 again on row 1,601 (the same batch).
    put(1601, { NHS_NO: row(1600).NHS_NO });
    const badIds = [1510, 1601, 2590].map((r) => row(r).PERSON_ID);

    const job = await service.upload(actor, {
      mappingId: mapping.id,
      fileName: 'people.csv',
      format: 'csv',
      body: Readable.from([Buffer.from(csvOf(rows))]),
    });
    expect(job).toMatchObject({ totalRows: 2600, badRows: 4 });
    expect(job.problems.map((p) => [p.rowNumber, p.field, p.code, p.reason])).toEqual([
      [1510, 'nhsNumber', 'duplicate_nhs_number_in_file', 'the same NHS number is on row 10'],
      [1601, 'nhsNumber', 'duplicate_nhs_number_in_file', 'the same NHS number is on row 1600'],
      [2502, 'id', 'duplicate_id', `council id ${row(2).PERSON_ID} appears on an earlier row`],
      [2590, 'nhsNumber', 'duplicate_nhs_number_in_file', 'the same NHS number is on row 10'],
    ]);
    expect(
      (await ctx.db.db.select({ n: count() }).from(importSeenKeys).where(eq(importSeenKeys.jobId, job.id)))[0]!.n,
    ).toBe(0);

    const before = (await ctx.db.db.select({ n: count() }).from(people))[0]!.n;
    const done = await service.commit(actor, job.id, { skipBadRows: true });
    expect(done).toMatchObject({ status: 'committed', committedRows: 2596, skippedRows: 4 });
    expect((await ctx.db.db.select({ n: count() }).from(people))[0]!.n).toBe(before + 2596);
    const written = new Set<string | null | undefined>(
      (await ctx.db.db.select({ id: people.councilPersonId }).from(people)).map((p) => p.id),
    );
    for (const id of badIds) expect(written.has(id), id).toBe(false);
    for (const r of [2, 10, 1509, 1511, 1600, 2501, 2503, 2601])
      expect(written.has(row(r).PERSON_ID), `row ${r}`).toBe(true);
  });
});
