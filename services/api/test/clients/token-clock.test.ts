import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, tokenFor } from '../support/auth.js';

// The app's clock, which the test moves: tokens are issued, checked and cached on it
// (ACCESS_TOKEN_TTL_SECONDS is 600 in the test configuration).
const START = new Date('2026-01-05T09:00:00Z');
let now = START;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: () => now });
});
afterAll(() => t.close());

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
const contacts = (token: string) =>
  t.app.inject({ method: 'GET', url: '/v1/contacts', headers: { authorization: `Bearer ${token}` } });

describe('bearer tokens run on the app’s clock', () => {
  it('issues iat/exp from the app’s clock, and a token (cached or not) stops working when that clock passes exp', async () => {
    now = START;
    const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:read'] });
    const { token } = await tokenFor(t.app, client);
    const claims = claimsOf(token);
    expect(claims.iat).toBe(START.getTime() / 1000);
    expect(claims.exp).toBe(START.getTime() / 1000 + 600);

    // Months before the system clock's today, the token is good: it is read on the app's clock.
    expect((await contacts(token)).statusCode).toBe(200);
    now = new Date(START.getTime() + 599_000);
    expect((await contacts(token)).statusCode).toBe(200);
    // One second past exp on the app's clock: refused, though the bearer cache held it.
    now = new Date(START.getTime() + 601_000);
    expect((await contacts(token)).statusCode).toBe(401);
  });
});
