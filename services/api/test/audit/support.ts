import pg from 'pg';
import { AuditChainer, dedicatedSession } from '../../src/audit/chainer.js';
import type { TestApp } from '../support/app.js';

/** A session as the database's owner (the test server's superuser), without SET ROLE. */
export async function superuser(t: TestApp): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: t.database.url, options: '-c timezone=UTC' });
  await client.connect();
  return client;
}

/** A session acting as the application's role, for transactions a test drives by hand. */
export async function appSession(t: TestApp): Promise<pg.Client> {
  const client = await superuser(t);
  await client.query(`set role ${t.config.DB_APP_ROLE}`);
  return client;
}

export async function chainerFor(t: TestApp, options: { batchSize?: number; intervalMs?: number } = {}) {
  return new AuditChainer({ connect: await dedicatedSession(t.db.pool), ...options });
}

/**
 * Chains until `expected` events are chained. Only settled transactions are chained, and the
 * horizon is the whole server's: a transaction open in another test's database can hold it back
 * for a moment.
 */
export async function chainUntil(chainer: AuditChainer, expected: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let total = 0;
  for (;;) {
    total += await chainer.chainPending();
    if (total >= expected || Date.now() > deadline) return total;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function chainPositionOf(t: TestApp, seq: number): Promise<number> {
  const { rows } = await t.db.pool.query<{ position: number }>('select position from audit_chain where seq = $1', [
    seq,
  ]);
  if (!rows[0]) throw new Error(`seq ${seq} is not chained`);
  return Number(rows[0].position);
}

export const event = (overrides: Record<string, unknown> = {}) => ({
  actorType: 'user' as const,
  actorId: 'c0ffee00-0000-4000-8000-000000000001',
  actorRole: 'social_worker',
  action: 'person.read',
  resourceType: 'person',
  resourceId: 'f00dbabe-0000-4000-8000-000000000001',
  personId: 'f00dbabe-0000-4000-8000-000000000001',
  ...overrides,
});
