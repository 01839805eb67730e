import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditWriter } from '../../src/audit/writer.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { chainUntil, chainerFor, event, superuser } from './support.js';

let t: TestApp;
let owner: pg.Client;
beforeAll(async () => {
  t = await createTestApp();
  await new AuditWriter(t.db.pool).record(event());
  const chainer = await chainerFor(t);
  await chainUntil(chainer, 1);
  await chainer.stop();
  owner = await superuser(t);
});
afterAll(async () => {
  await owner?.end();
  await t?.close();
});

const statements = (table: string) => [
  ['UPDATE', `update ${table} set seq = seq`],
  ['DELETE', `delete from ${table}`],
  ['TRUNCATE', `truncate ${table}`],
];

describe('the audit trail is append-only', () => {
  for (const table of ['audit_events', 'audit_chain']) {
    for (const [verb, sql] of statements(table)) {
      it(`refuses ${verb} on ${table} to the application's role`, async () => {
        // t.db.pool acts as threefold_app, as the API does.
        await expect(t.db.pool.query(sql!)).rejects.toMatchObject({ code: '42501' });
      });

      it(`refuses ${verb} on ${table} even to the owner, unless triggers are switched off`, async () => {
        await expect(owner.query(sql!)).rejects.toMatchObject({ code: '42501', message: /append-only/ });
      });
    }
  }

  it('still lets the application insert and read', async () => {
    const { rows } = await t.db.pool.query('select count(*)::int as n from audit_chain');
    expect(rows[0].n).toBe(1);
    await new AuditWriter(t.db.pool).record(event({ requestId: 'still-writable' }));
    const after = await t.db.pool.query("select 1 from audit_events where request_id = 'still-writable'");
    expect(after.rowCount).toBe(1);
  });
});
