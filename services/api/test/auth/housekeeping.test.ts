import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeAuthLeftovers } from '../../src/plugins/auth.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { signInAs } from '../support/auth.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('auth housekeeping', () => {
  it('removes expired sessions and old rate-limit counters, and keeps live ones', async () => {
    const live = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    const gone = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    await t.db.pool.query(`update sessions set absolute_expires_at = now() - interval '1 minute' where user_id = $1`, [
      gone.user.id,
    ]);
    await t.db.pool.query(
      `insert into rate_limit_counters (key, window_start, count) values ('user:old', now() - interval '1 hour', 5), ('user:now', date_trunc('minute', now()), 1)`,
    );
    await purgeAuthLeftovers(t.app);
    const sessions = await t.db.pool.query<{ user_id: string }>('select user_id from sessions');
    expect(sessions.rows.map((r) => r.user_id)).toEqual([live.user.id]);
    const counters = await t.db.pool.query<{ key: string }>(
      `select key from rate_limit_counters where key like 'user:%' and key in ('user:old', 'user:now')`,
    );
    expect(counters.rows.map((r) => r.key)).toEqual(['user:now']);
    expect((await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: live.headers })).statusCode).toBe(
      200,
    );
  });
});
