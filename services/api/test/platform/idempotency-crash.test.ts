import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, tokenFor } from '../support/auth.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

let t: TestApp;
let council: Record<string, string>;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  t = await createTestApp();
  const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:write', 'contacts:read'] });
  council = (await tokenFor(t.app, client)).headers;
});
afterAll(async () => {
  for (const s of servers) s.child.kill('SIGKILL');
  await t.close();
});

const LEASE_SECONDS = 2;
async function start(): Promise<ServerProcess> {
  const server = await startServerProcess(
    { DATABASE_URL: t.database.url, IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS) },
    'test/support/crashing-server.ts',
  );
  servers.push(server);
  return server;
}

function contact(server: ServerProcess, key: string, whatMatters: string, crash?: string) {
  return fetch(`${server.base}/v1/contacts`, {
    method: 'POST',
    headers: {
      ...council,
      'content-type': 'application/json',
      'idempotency-key': key,
      ...(crash ? { 'x-test-crash': crash } : {}),
    },
    body: JSON.stringify({
      channel: 'council_system',
      madeBy: 'hospital',
      routeOfAccess: 'discharge_from_hospital',
      whatMatters,
      person: { givenName: 'Joan', familyName: 'Crashley' },
    }),
  });
}

async function contactsWith(whatMatters: string): Promise<number> {
  const { rows } = await t.db.pool.query<{ n: number }>(
    'select count(*)::int as n from contacts where what_matters = $1',
    [whatMatters],
  );
  return rows[0]!.n;
}

describe('Idempotency-Key across a crash (kill -9 of the serving process)', () => {
  it('killed between commit and answer: the retry replays the committed answer, same id, no duplicate', async () => {
    const first = await start();
    const lost = await contact(first, 'crash-after-commit-1', 'Crash after commit', 'after-commit').catch(
      (e: unknown) => e,
    );
    expect(lost).toBeInstanceOf(Error); // the client never heard
    await first.exited;
    expect(await contactsWith('Crash after commit')).toBe(1);

    const second = await start();
    const retry = await contact(second, 'crash-after-commit-1', 'Crash after commit');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const { rows } = await t.db.pool.query<{ id: string }>('select id from contacts where what_matters = $1', [
      'Crash after commit',
    ]);
    expect(((await retry.json()) as { id: string }).id).toBe(rows[0]!.id);
    expect(await contactsWith('Crash after commit')).toBe(1);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 400_000);

  it('killed after the work but before the answer was stored: the key is not stuck; the retry writes once', async () => {
    const first = await start();
    const lost = await contact(first, 'crash-after-handler-1', 'Crash after handler', 'after-handler').catch(
      (e: unknown) => e,
    );
    expect(lost).toBeInstanceOf(Error);
    await first.exited;

    const second = await start();
    // Within the lease the claim still stands: 409, retry shortly.
    const early = await contact(second, 'crash-after-handler-1', 'Crash after handler');
    if (early.status === 409) {
      expect(early.headers.get('retry-after')).toBe('1');
      await new Promise((r) => setTimeout(r, LEASE_SECONDS * 1000 + 200));
    }
    const retry = early.status === 409 ? await contact(second, 'crash-after-handler-1', 'Crash after handler') : early;
    expect(retry.status).toBe(201);
    const id = ((await retry.json()) as { id: string }).id;
    expect(await contactsWith('Crash after handler')).toBe(1);
    const again = await contact(second, 'crash-after-handler-1', 'Crash after handler');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(id);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 400_000);
});
