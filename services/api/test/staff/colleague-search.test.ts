import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createStaffUser, signInAs, type SignedIn } from '../support/auth.js';

// Issue 22, item 7: the colleague search asks the server, so it finds colleagues not yet loaded.
let t: TestApp;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
  for (const [displayName, email] of [
    ['Nadia Okoye', 'n.okoye@council.example'],
    ['Owen Price', 'owen.price@edge.example'],
    ['100% Dana', 'dana@edge.example'],
  ] as const) {
    const user = await createStaffUser(t.db, { roles: ['practitioner'], email });
    await t.db.pool.query('update staff_users set display_name = $1 where id = $2', [displayName, user.id]);
  }
});
afterAll(() => t.close());

async function search(q: string, extra = '') {
  const res = await t.app.inject({
    method: 'GET',
    url: `/v1/admin/users?q=${encodeURIComponent(q)}${extra}`,
    headers: admin.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { displayName: string }[]; nextCursor: string | null };
}

describe('searching colleagues on the server', () => {
  it('keeps those whose name or email address contains the text, in any case', async () => {
    expect((await search('OKOYE')).items.map((u) => u.displayName)).toEqual(['Nadia Okoye']);
    expect((await search('@edge.example')).items.map((u) => u.displayName).sort()).toEqual(['100% Dana', 'Owen Price']);
    // % is a character to find, not a wildcard.
    expect((await search('%')).items.map((u) => u.displayName)).toEqual(['100% Dana']);
    expect((await search('nobody like this')).items).toEqual([]);
  });

  it('pages through the matches with the cursor, and refuses an empty search', async () => {
    const first = await search('edge.example', '&limit=1');
    expect(first.items).toHaveLength(1);
    const second = await search('edge.example', `&limit=1&cursor=${first.nextCursor!}`);
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.displayName).not.toBe(first.items[0]!.displayName);
    const empty = await t.app.inject({ method: 'GET', url: '/v1/admin/users?q=', headers: admin.headers });
    expect(empty.statusCode).toBe(400);
  });
});
