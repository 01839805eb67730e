import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, signInAs, tokenFor, type SignedIn } from '../support/auth.js';

let t: TestApp;
let practitioner: SignedIn;
let council: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  practitioner = await signInAs(t.app, t.db, { roles: ['practitioner'] });
  const client = await createMachineClient(t.db, { kind: 'council', scopes: ['contacts:write', 'contacts:read'] });
  council = (await tokenFor(t.app, client)).headers;
});
afterAll(() => t.close());

function expectFieldRefused(
  res: { statusCode: number; headers: Record<string, unknown>; json(): { code: string; errors: unknown[] } },
  where: string,
  field: string,
) {
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.code).toBe('validation_failed');
  expect(body.errors).toContainEqual(expect.objectContaining({ in: where, field }));
}

describe('text PostgreSQL cannot store (NUL, unpaired surrogates)', () => {
  it('is refused in a body with 400 naming the field, not answered 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: practitioner.headers,
      payload: { givenName: 'Nul\u0000Person', familyName: 'Jones' },
    });
    expectFieldRefused(res, 'body', 'givenName');
  });

  it('is refused when it is an unpaired surrogate', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: { ...practitioner.headers, 'content-type': 'application/json' },
      payload: '{"givenName":"Ann","familyName":"Jo\\ud800nes"}',
    });
    expectFieldRefused(res, 'body', 'familyName');
  });

  it('is refused in a query string', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/people?q=ab%00cd', headers: practitioner.headers });
    expectFieldRefused(res, 'query', 'q');
  });

  it('is refused in a council system contact, nested in the body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: council,
      payload: {
        channel: 'council_system',
        madeBy: 'hospital',
        routeOfAccess: 'discharge_from_hospital',
        whatMatters: 'Home',
        concernSummary: 'Fell \u0000 twice',
        person: { givenName: 'Joan', familyName: 'Griffiths\u0000' },
      },
    });
    expectFieldRefused(res, 'body', 'concernSummary');
    expectFieldRefused(res, 'body', 'person.familyName');
  });

  it('is refused in a path value', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/people/ab%00cd', headers: practitioner.headers });
    expectFieldRefused(res, 'params', 'id');
  });

  it('lets ordinary text through, accents and emoji included', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: practitioner.headers,
      payload: { givenName: 'Siân 😀', familyName: 'Ó Briain' },
    });
    expect(res.statusCode).toBe(201);
  });
});
