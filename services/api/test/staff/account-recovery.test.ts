import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../../src/auth/secrets.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createStaffUser, signInAs, type SignedIn, type TestUser } from '../support/auth.js';

// Issue 15, items 12 and 13: the last administrator, and account recovery.
let t: TestApp;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
});
afterAll(() => t.close());

const cookieOf = (res: { headers: Record<string, unknown> }) =>
  String([res.headers['set-cookie']].flat()[0] ?? '').split(';')[0]!;

/** Both sign-in steps with the given password; the code's step is forgotten first so it can be reused. */
async function signInWith(user: TestUser, password: string) {
  await t.db.pool.query('update staff_users set totp_last_step = null where id = $1', [user.id]);
  const first = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/sign-in',
    payload: { email: user.email, password },
  });
  if (first.statusCode !== 200 || first.json().next !== 'totp') return { first, second: undefined };
  const second = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/totp',
    headers: { cookie: cookieOf(first) },
    payload: { code: await totp.now(user.totpSecret) },
  });
  const headers = { cookie: cookieOf(second), 'x-csrf-token': String(second.json().csrfToken) };
  return { first, second, headers };
}

async function auditActions(resourceId: string): Promise<string[]> {
  const { rows } = await t.db.pool.query<{ action: string }>(
    `select action from audit_events where resource_id = $1 order by seq`,
    [resourceId],
  );
  return rows.map((r) => r.action);
}

const sessionStatus = async (headers: Record<string, string>) =>
  (await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers })).statusCode;

describe('item 13: an administrator resets a colleague’s password', () => {
  it('sets a one-time password that opens nothing until it is changed; every old session ends', async () => {
    const colleague = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    const reset = await t.app.inject({
      method: 'POST',
      url: `/v1/admin/users/${colleague.user.id}/password-reset`,
      headers: admin.headers,
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.headers['cache-control']).toBe('no-store');
    const { temporaryPassword } = reset.json() as { temporaryPassword: string };
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(16);
    expect(await sessionStatus(colleague.headers)).toBe(401);
    expect((await signInWith(colleague.user, colleague.user.password)).first.statusCode).toBe(401);

    const signedIn = await signInWith(colleague.user, temporaryPassword);
    expect(signedIn.second?.statusCode).toBe(200);
    expect(signedIn.second?.json().passwordChangeRequired).toBe(true);
    const headers = signedIn.headers!;
    expect((await t.app.inject({ method: 'GET', url: '/v1/teams', headers })).statusCode).toBe(403);

    const changed = await t.app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers,
      payload: { currentPassword: temporaryPassword, newPassword: 'a new passphrase of mine' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/v1/teams', headers })).statusCode).toBe(200);
    const session = await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers });
    expect(session.json().passwordChangeRequired).toBe(false);
    expect((await signInWith(colleague.user, temporaryPassword)).first.statusCode).toBe(401);
    expect((await signInWith(colleague.user, 'a new passphrase of mine')).second?.statusCode).toBe(200);
    expect(await auditActions(colleague.user.id)).toEqual(
      expect.arrayContaining(['staff_user.password_reset', 'staff_user.password_change']),
    );
    const user = await t.app.inject({
      method: 'GET',
      url: `/v1/admin/users/${colleague.user.id}`,
      headers: admin.headers,
    });
    expect(user.json().passwordMustChange).toBe(false);
  });

  it('is for administrators only', async () => {
    const colleague = await signInAs(t.app, t.db, { roles: ['social_worker'] });
    const other = await createStaffUser(t.db, { roles: ['practitioner'] });
    for (const url of [
      `/v1/admin/users/${other.id}/password-reset`,
      `/v1/admin/users/${other.id}/authenticator-reset`,
    ]) {
      expect((await t.app.inject({ method: 'POST', url, headers: colleague.headers })).statusCode).toBe(403);
    }
  });
});

describe('item 13: an administrator resets a colleague’s authenticator', () => {
  it('ends every session and asks for a new authenticator at next sign-in', async () => {
    const colleague = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    const reset = await t.app.inject({
      method: 'POST',
      url: `/v1/admin/users/${colleague.user.id}/authenticator-reset`,
      headers: admin.headers,
    });
    expect(reset.statusCode).toBe(204);
    expect(await sessionStatus(colleague.headers)).toBe(401);
    const first = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: colleague.user.email, password: colleague.user.password },
    });
    expect(first.json()).toEqual({ next: 'enrol-totp' });
    // The old authenticator's codes no longer open anything.
    const old = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/totp',
      headers: { cookie: cookieOf(first) },
      payload: { code: await totp.now(colleague.user.totpSecret) },
    });
    expect(old.statusCode).toBe(401);
    expect(await auditActions(colleague.user.id)).toContain('staff_user.authenticator_reset');
  });
});

describe('item 13: a colleague changes their own password', () => {
  it('needs the current password, and ends their other sessions but not this one', async () => {
    const user = await createStaffUser(t.db, { roles: ['practitioner'] });
    const here = await signInWith(user, user.password);
    const there = await signInWith(user, user.password);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: here.headers!,
      payload: { currentPassword: 'not my password', newPassword: 'another long passphrase' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('invalid_current_password');
    const short = await t.app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: here.headers!,
      payload: { currentPassword: user.password, newPassword: 'short' },
    });
    expect(short.statusCode).toBe(400);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: here.headers!,
      payload: { currentPassword: user.password, newPassword: 'another long passphrase' },
    });
    expect(changed.statusCode).toBe(204);
    expect(await sessionStatus(here.headers!)).toBe(200);
    expect(await sessionStatus(there.headers!)).toBe(401);
    expect((await signInWith(user, 'another long passphrase')).second?.statusCode).toBe(200);
    expect(await auditActions(user.id)).toContain('staff_user.password_change');
  });
});

describe('item 12: the last administrator', () => {
  it('cannot remove their own administrator role or be disabled while no other administrator is enabled', async () => {
    // This file's other administrators are disabled, so `admin` is the only one.
    await t.db.pool.query(
      `update staff_users set disabled_at = now() where 'practice_admin' = any(roles) and id <> $1`,
      [admin.user.id],
    );
    const read = await t.app.inject({ method: 'GET', url: `/v1/admin/users/${admin.user.id}`, headers: admin.headers });
    const patch = (etag: string, payload: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/v1/admin/users/${admin.user.id}`,
        headers: { ...admin.headers, 'if-match': etag },
        payload,
      });
    const demoted = await patch(String(read.headers.etag), { roles: ['practitioner'] });
    expect(demoted.statusCode).toBe(409);
    expect(demoted.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(demoted.json().code).toBe('last_administrator');
    const disabled = await patch(String(read.headers.etag), { disabled: true });
    expect(disabled.statusCode).toBe(409);
    expect(await sessionStatus(admin.headers)).toBe(200);

    // With a second administrator, the first may step down.
    await createStaffUser(t.db, { roles: ['practice_admin'] });
    const allowed = await patch(String(read.headers.etag), { roles: ['practice_admin', 'practitioner'] });
    expect(allowed.statusCode).toBe(200);
    const stepDown = await patch(String(allowed.headers.etag), { roles: ['practitioner'] });
    expect(stepDown.statusCode).toBe(200);
  });
});
