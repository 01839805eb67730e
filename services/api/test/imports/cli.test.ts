import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { people } from '@threefold/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArgs, runImportCommand } from '../../src/cli/import-command.js';
import { withCommitLock } from '../../src/modules/imports/commit-job.js';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';
import { csvOf, goodRow, mosaicMapping } from './support.js';

let ctx: TestContext;
let admin: SignedIn;
let dir: string;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signedIn('practice_admin');
  dir = await mkdtemp(path.join(tmpdir(), 'threefold-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await ctx.close();
});

function run(args: string[]) {
  const lines: string[] = [];
  const progress: string[] = [];
  const code = runImportCommand(
    ['--', ...args],
    ctx.db,
    { IMPORT_MAX_BYTES: 1024 * 1024, IMPORT_BATCH_SIZE: 2 },
    {
      log: (l) => lines.push(l),
      progress: (l) => progress.push(l),
    },
  );
  return code.then((c) => ({ code: c, lines, progress }));
}

describe('pnpm run import', () => {
  it('dry-runs a file with a mapping from JSON, writes the report, then commits it with a progress line', async () => {
    const file = path.join(dir, 'people.csv');
    const mappingFile = path.join(dir, 'mosaic-people.json');
    const report = path.join(dir, 'problems.csv');
    await writeFile(file, csvOf([goodRow(1), goodRow(2, { POSTCODE: 'XX' }), goodRow(3), goodRow(4), goodRow(5)]));
    await writeFile(mappingFile, JSON.stringify({ name: 'Mosaic people (CLI)', ...mosaicMapping('mosaic-cli') }));
    const checked = await run([
      '--file',
      file,
      '--mapping',
      mappingFile,
      '--user',
      admin.user.email,
      '--report',
      report,
    ]);
    expect(checked.code).toBe(2);
    expect(checked.lines.join('\n')).toMatch(/5 rows, 1 with problems/);
    expect(await readFile(report, 'utf8')).toMatch(
      /^row,council_id,field,code,reason\n3,M100002,postcode,invalid_postcode,/,
    );
    const id = /Import ([0-9a-f-]{36})/.exec(checked.lines.join('\n'))![1]!;
    expect(await ctx.db.db.select().from(people).where(eq(people.councilPersonId, 'M100001'))).toHaveLength(0);

    const refused = await run(['--resume', id, '--user', admin.user.email]);
    expect(refused.code).toBe(3);
    const done = await run(['--resume', id, '--skip-bad-rows', '--user', admin.user.email]);
    expect(done.code).toBe(0);
    expect(done.progress).toEqual([
      expect.stringMatching(/1 written, 1 skipped, batch 1 — 25.0%/), // rows 2 and 3: row 3 is the bad one
      expect.stringMatching(/3 written, 1 skipped, batch 2/),
      expect.stringMatching(/4 written, 1 skipped, batch 3/),
    ]);
    expect(done.lines.at(-1)).toMatch(/^committed: 4 written, 1 skipped, batch 3 — 100.0%/);
    // The saved mapping is found by name the next time.
    const again = await run([
      '--file',
      file,
      '--mapping',
      'Mosaic people (CLI)',
      '--user',
      admin.user.email,
      '--commit',
      '--skip-bad-rows',
    ]);
    expect(again.code).toBe(0);
    expect(again.lines.join('\n')).toMatch(/4 already imported/);
    expect(await ctx.db.db.select().from(people).where(eq(people.councilPersonId, 'M100001'))).toHaveLength(1);
  });

  it('leaves an import whose commit another run holds (the API’s background job) and says so', async () => {
    const file = path.join(dir, 'locked.csv');
    await writeFile(file, csvOf([goodRow(700), goodRow(701)]));
    const mapping = path.join(dir, 'mosaic-locked.json');
    await writeFile(mapping, JSON.stringify({ name: 'Mosaic people (locked)', ...mosaicMapping('mosaic-locked') }));
    const dry = await run(['--file', file, '--mapping', mapping, '--user', admin.user.email]);
    const id = /Import ([0-9a-f-]{36})/.exec(dry.lines.join('\n'))![1]!;
    const held = await withCommitLock(ctx.db.pool, id, () => run(['--resume', id, '--user', admin.user.email]));
    expect(held).toMatchObject({ ran: true, result: { code: 3 } });
    expect(held.ran && held.result.lines.at(-1)).toMatch(/being committed by the API's background job/);
    expect(await ctx.db.db.select().from(people).where(eq(people.councilPersonId, 'M100700'))).toHaveLength(0);
    // The lock let go, the same command commits it.
    expect((await run(['--resume', id, '--user', admin.user.email])).code).toBe(0);
    expect(await ctx.db.db.select().from(people).where(eq(people.councilPersonId, 'M100700'))).toHaveLength(1);
  });

  it('parses the command line the README gives (its optional parts left out)', async () => {
    const readme = await readFile(new URL('../../../../README.md', import.meta.url), 'utf8');
    const lines = [...readme.matchAll(/`pnpm run import -- ([^`]+)`/g)].map((m) =>
      m[1]!
        .replace(/\[[^\]]*\]/g, ' ')
        .split(/\s+/)
        .filter(Boolean),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const args of lines) {
      expect(importArgs(['--', ...args])).toMatchObject({
        file: 'people.csv',
        kind: 'people',
        user: expect.stringMatching(/@/),
      });
    }
  });

  it('refuses someone who may not import, and explains its arguments', async () => {
    const worker = await ctx.signedIn('practitioner');
    expect((await run(['--file', 'x.csv', '--mapping', 'x', '--user', worker.user.email])).code).toBe(77);
    const bare = await run([]);
    expect(bare.code).toBe(64);
    expect(bare.lines[0]).toMatch(/^usage: pnpm run import/);
  });
});
