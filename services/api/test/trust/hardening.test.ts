import { Writable } from 'node:stream';
import { signingKeys } from '@threefold/db';
import { isNull } from 'drizzle-orm';
import { SignJWT } from 'jose';
import type pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveKeyEncryptionKey, unwrapKey } from '../../src/auth/key-encryption.js';
import { totp } from '../../src/auth/secrets.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loggerOptions } from '../../src/logger.js';
import { createTestApp, testConfig, type TestApp } from '../support/app.js';
import { createMachineClient, createStaffUser, signInAs, tokenFor, type TestUser } from '../support/auth.js';

// Issue 15, items 6–11: each test here failed before its fix.
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  const options = loggerOptions(testConfig({ LOG_LEVEL: 'info' })) as pino.LoggerOptions;
  t = await createTestApp({ config: { SIGN_IN_FREE_FAILURES: 3 }, logger: { ...options, stream: sink } as never });
});
afterAll(() => t.close());

const cookieOf = (res: { headers: Record<string, unknown> }) =>
  String([res.headers['set-cookie']].flat()[0] ?? '').split(';')[0]!;

function signIn(user: Pick<TestUser, 'email'>, password: string, remoteAddress = '127.0.0.1') {
  return t.app.inject({
    method: 'POST',
    url: '/v1/auth/sign-in',
    remoteAddress,
    payload: { email: user.email, password },
  });
}

async function completeSignIn(user: TestUser, remoteAddress = '127.0.0.1') {
  const first = await signIn(user, user.password, remoteAddress);
  if (first.statusCode !== 200) return first;
  return t.app.inject({
    method: 'POST',
    url: '/v1/auth/totp',
    remoteAddress,
    headers: { cookie: cookieOf(first) },
    payload: { code: await totp.now(user.totpSecret) },
  });
}

describe('item 6: a TOTP code works once, even sent concurrently', () => {
  it('accepts one of eight concurrent sign-ins with the same code, three times over', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const user = await createStaffUser(t.db, { roles: ['practitioner'] });
      const pending = await Promise.all(Array.from({ length: 8 }, () => signIn(user, user.password)));
      const code = await totp.now(user.totpSecret);
      const answers = await Promise.all(
        pending.map((p) =>
          t.app.inject({ method: 'POST', url: '/v1/auth/totp', headers: { cookie: cookieOf(p) }, payload: { code } }),
        ),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401, 401, 401, 401, 401, 401, 401]);
    }
  });
});

describe('item 7: sign-in back-off cannot lock a colleague out', () => {
  it('accepts the right password and code from another address after wrong passwords for the account', async () => {
    const user = await createStaffUser(t.db, { roles: ['practitioner'] });
    for (let i = 0; i < 5; i++)
      expect((await signIn(user, 'a wrong guess', '10.7.0.1')).statusCode).toBeGreaterThan(400);
    expect((await signIn(user, user.password, '10.7.0.1')).statusCode).toBe(429);
    expect((await completeSignIn(user, '10.7.0.2')).statusCode).toBe(200);
  });

  it('holds back an address spraying many accounts, but not a colleague who has signed in from it before', async () => {
    const colleague = await createStaffUser(t.db, { roles: ['practitioner'] });
    const newcomer = await createStaffUser(t.db, { roles: ['practitioner'] });
    const office = '10.8.0.1';
    expect((await completeSignIn(colleague, office)).statusCode).toBe(200);
    // The address allowance is twenty times the pair's (3): 60 failures, then held back.
    for (let i = 0; i < 61; i++) {
      await signIn({ email: `sprayed.${i}@practice.example` }, 'password1', office);
    }
    const held = await signIn(newcomer, newcomer.password, office);
    expect(held.statusCode).toBe(429);
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    // (The code the first sign-in spent is forgotten rather than waiting for the next step.)
    await t.db.pool.query('update staff_users set totp_last_step = null where id = $1', [colleague.id]);
    expect((await completeSignIn(colleague, office)).statusCode).toBe(200);
    expect((await completeSignIn(newcomer, '10.8.0.2')).statusCode).toBe(200);
  });
});

describe('item 8: /oauth/token holds back repeated failures', () => {
  const ask = (clientId: string, secret: string, remoteAddress = '10.6.0.1') =>
    t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      remoteAddress,
      payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
    });

  it('answers 429 with Retry-After after repeated wrong secrets for a client id', async () => {
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:read'] });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await ask(client.clientId, 'tfs_wrong')).statusCode);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses.slice(6)).toEqual([429, 429, 429, 429]);
    const held = await ask(client.clientId, client.clientSecret, '10.6.0.9');
    expect(held.statusCode).toBe(429);
    expect(held.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(held.json().code).toBe('rate_limited');
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    // Another client at the same address is not held back by this one's failures.
    const other = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:read'] });
    expect((await ask(other.clientId, other.clientSecret)).statusCode).toBe(200);
  });

  it('holds back an address trying many client ids', async () => {
    for (let i = 0; i < 61; i++) await ask(`tfc_guess${i}`, 'tfs_wrong', '10.6.1.1');
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:read'] });
    expect((await ask(client.clientId, client.clientSecret, '10.6.1.1')).statusCode).toBe(429);
  });
});

describe('item 9: access tokens and their keys', () => {
  async function currentKey() {
    const [row] = await t.db.db.select().from(signingKeys).where(isNull(signingKeys.retiredAt));
    const kek = resolveKeyEncryptionKey(t.config).key;
    return { row: row!, key: new Uint8Array(unwrapKey(kek, row!.kid, row!.secret)) };
  }
  const teams = (token: string) =>
    t.app.inject({ method: 'GET', url: '/v1/contacts', headers: { authorization: `Bearer ${token}` } });

  it('refuses a token without exp, or typed JWT rather than at+jwt, even when properly signed', async () => {
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:read'] });
    expect((await teams((await tokenFor(t.app, client)).token)).statusCode).toBe(200);
    const { row, key } = await currentKey();
    const base = () =>
      new SignJWT({ scope: 'contacts:read' })
        .setSubject(client.id)
        .setIssuer('threefold')
        .setAudience('threefold-api')
        .setIssuedAt();
    const noExp = await base().setProtectedHeader({ alg: 'HS256', kid: row.kid, typ: 'at+jwt' }).sign(key);
    const plainJwt = await base()
      .setProtectedHeader({ alg: 'HS256', kid: row.kid, typ: 'JWT' })
      .setExpirationTime('5m')
      .sign(key);
    const good = await base()
      .setProtectedHeader({ alg: 'HS256', kid: row.kid, typ: 'at+jwt' })
      .setExpirationTime('5m')
      .sign(key);
    expect((await teams(good)).statusCode).toBe(200);
    expect((await teams(noExp)).statusCode).toBe(401);
    expect((await teams(plainJwt)).statusCode).toBe(401);
  });

  it('keeps signing keys encrypted at rest: the stored bytes do not sign a token the API accepts', async () => {
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:read'] });
    await tokenFor(t.app, client);
    const { row } = await currentKey();
    expect(row.encryption).toBe('aes-256-gcm');
    const forged = await new SignJWT({ scope: 'contacts:read' })
      .setProtectedHeader({ alg: 'HS256', kid: row.kid, typ: 'at+jwt' })
      .setSubject(client.id)
      .setIssuer('threefold')
      .setAudience('threefold-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new Uint8Array(row.secret));
    expect((await teams(forged)).statusCode).toBe(401);
  });

  it('rotates the signing key: old tokens verify until they expire, then the old key verifies nothing', async () => {
    const admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:read'] });
    const before = (await tokenFor(t.app, client)).token;
    const oldKid = (await currentKey()).row.kid;
    const rotated = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/token-signing-keys/rotation',
      headers: admin.headers,
    });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().kid).not.toBe(oldKid);
    const after = (await tokenFor(t.app, client)).token;
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid).toBe(rotated.json().kid);
    expect((await teams(before)).statusCode).toBe(200);
    expect((await teams(after)).statusCode).toBe(200);
    // Once every token the old key signed has expired, it is no longer loaded.
    await t.db.pool.query(`update signing_keys set retired_at = now() - interval '1 hour' where kid = $1`, [oldKid]);
    await t.app.tokenService.load(true);
    expect((await teams(before)).statusCode).toBe(401);
    expect((await teams(after)).statusCode).toBe(200);
  });

  it('refuses to start in production without a key-encryption key, and refuses a malformed one', () => {
    expect(() => resolveKeyEncryptionKey(testConfig({ NODE_ENV: 'production' }))).toThrow(/TOKEN_KEY_ENCRYPTION_KEY/);
    const given = Buffer.alloc(32, 7).toString('base64');
    expect(
      resolveKeyEncryptionKey(testConfig({ NODE_ENV: 'production', TOKEN_KEY_ENCRYPTION_KEY: given })).source,
    ).toBe('configured');
    expect(() => loadConfig({ TOKEN_KEY_ENCRYPTION_KEY: 'too-short' })).toThrow(ConfigError);
  });
});

describe('item 10: sessions', () => {
  it('renews the session token when the second factor completes: the first-step token stops working', async () => {
    const user = await createStaffUser(t.db, { roles: ['practitioner'] });
    const first = await signIn(user, user.password);
    const pendingCookie = cookieOf(first);
    const second = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/totp',
      headers: { cookie: pendingCookie },
      payload: { code: await totp.now(user.totpSecret) },
    });
    expect(second.statusCode).toBe(200);
    const activeCookie = cookieOf(second);
    expect(activeCookie).not.toBe(pendingCookie);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: { cookie: activeCookie } })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: { cookie: pendingCookie } })).statusCode,
    ).toBe(401);
  });

  it('lets a colleague see their sessions and end another one, but not someone else’s', async () => {
    const user = await createStaffUser(t.db, { roles: ['practitioner'] });
    const here = await signInAs(t.app, t.db, user);
    const elsewhere = await signInTwice(user);
    const list = await t.app.inject({ method: 'GET', url: '/v1/me/sessions', headers: here.headers });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; current: boolean }[];
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const other = items.find((s) => !s.current)!;
    const someoneElse = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    const notMine = await t.app.inject({
      method: 'DELETE',
      url: `/v1/me/sessions/${other.id}`,
      headers: someoneElse.headers,
    });
    expect(notMine.statusCode).toBe(404);
    const ended = await t.app.inject({ method: 'DELETE', url: `/v1/me/sessions/${other.id}`, headers: here.headers });
    expect(ended.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: { cookie: elsewhere } })).statusCode,
    ).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: here.headers })).statusCode).toBe(
      200,
    );
  });

  it('lets an administrator end every session of a colleague', async () => {
    const admin = await signInAs(t.app, t.db, { roles: ['practice_admin'] });
    const colleague = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/v1/admin/users/${colleague.user.id}/sessions`,
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ended: 1 });
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: colleague.headers })).statusCode,
    ).toBe(401);
  });

  it('answers Cache-Control: no-store on every API answer, successes and problems alike', async () => {
    const someone = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    for (const [url, headers] of [
      ['/v1/auth/session', someone.headers],
      ['/v1/people?limit=5', someone.headers],
      ['/v1/people', {}],
      ['/v1/people/00000000-0000-4000-8000-000000000000', someone.headers],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('logs the route pattern and request id, not the values in the path', async () => {
    const someone = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    lines.length = 0;
    await t.app.inject({
      method: 'GET',
      url: '/v1/people/Margaret%20Smith',
      headers: { ...someone.headers, 'x-request-id': 'trace-path-123' },
    });
    await t.app.inject({ method: 'GET', url: '/v1/no-such/Margaret%20Smith' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('Margaret');
    const incoming = lines.find((l) => l.requestId === 'trace-path-123' && l.msg === 'incoming request') as
      { req: { url: string } } | undefined;
    expect(incoming?.req.url).toBe('/v1/people/:id');
  });
});

/** A second session of the same account (another device), its cookie. */
async function signInTwice(user: TestUser): Promise<string> {
  // The current code is spent by the first sign-in; forget that rather than wait for the next step.
  await t.db.pool.query('update staff_users set totp_last_step = null where id = $1', [user.id]);
  const res = await completeSignIn(user, '10.5.0.2');
  expect(res.statusCode).toBe(200);
  return cookieOf(res);
}

describe('item 11: rate limits refill continuously, so no boundary doubles them', () => {
  it('after spending a minute’s allowance, a second later gives nothing and six seconds give one', async () => {
    const client = await createMachineClient(t.db, {
      kind: 'council',
      scopes: ['contacts:read'],
      rateLimitPerMinute: 10,
    });
    const { headers } = await tokenFor(t.app, client);
    const get = () => t.app.inject({ method: 'GET', url: '/v1/contacts', headers });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await get()).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429]);
    const refused = await get();
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(6);
    // As if a second had passed (a fixed window that just turned over would allow ten more).
    const shift = (seconds: number) =>
      t.db.pool.query(
        `update rate_limit_buckets set updated_at = updated_at - make_interval(secs => $2) where key = $1`,
        [`client:${client.id}`, seconds],
      );
    await shift(1);
    expect((await get()).statusCode).toBe(429);
    await shift(6);
    expect((await get()).statusCode).toBe(200);
    expect((await get()).statusCode).toBe(429);
  });
});
