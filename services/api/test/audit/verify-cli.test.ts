import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditWriter } from '../../src/audit/writer.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { chainUntil, chainerFor, chainPositionOf, event, superuser } from './support.js';

const apiRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The CLI as an operator runs it, from source so the test needs no build. */
async function runVerify(databaseUrl: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', '--conditions=threefold-source', 'src/cli/audit-verify.ts', ...args],
      { cwd: apiRoot, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }, timeout: 60_000 },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const writer = new AuditWriter(t.db.pool);
  await Promise.all(Array.from({ length: 40 }, () => writer.record(event())));
  const chainer = await chainerFor(t);
  await chainUntil(chainer, 40);
  await chainer.stop();
});
afterAll(() => t?.close());

describe('audit-verify', () => {
  it('says ok with the count, exits 0 while the chain holds, and 1 with the first broken position once it does not', async () => {
    const ok = await runVerify(t.database.url);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^audit chain ok: 40 events chained/m);

    const owner = await superuser(t);
    await owner.query('set session_replication_role = replica');
    await owner.query(`update audit_events set reason = 'nothing to see here' where seq = 17`);
    await owner.end();

    const broken = await runVerify(t.database.url);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`first broken position ${await chainPositionOf(t, 17)}: hash mismatch`);

    const json = await runVerify(t.database.url, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      count: 40,
      firstBroken: { seq: 17, kind: 'hash_mismatch' },
    });
  }, 120_000);
});
