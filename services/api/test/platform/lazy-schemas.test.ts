import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAllSchemas, pendingSchemaCompilations } from '../../src/plugins/lazy-schemas.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { signInAs } from '../support/auth.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('serialisers and validators compiled at first use', () => {
  it('starts without compiling them, compiles one route’s on its first request, and every one compiles', async () => {
    const waiting = pendingSchemaCompilations();
    // Hundreds of routes, each with a validator per part and a serialiser per status.
    expect(waiting).toBeGreaterThan(200);
    const colleague = await signInAs(t.app, t.db, { roles: ['practitioner'] });
    const session = await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: colleague.headers });
    expect(session.statusCode).toBe(200);
    // The serialiser drops what the schema does not declare, as before.
    expect(Object.keys(session.json())).not.toContain('principal');
    expect(pendingSchemaCompilations()).toBeLessThan(waiting);
    // A bad body is still refused by its (now compiled) validator.
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: colleague.headers,
      payload: { givenName: 'A', familyName: 'B', unknownField: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(compileAllSchemas()).toBeGreaterThan(200);
    expect(pendingSchemaCompilations()).toBe(0);
    // Compiling every route's schemas is seconds of CPU on a quiet machine and far more on a loaded
    // 2-core one: the behaviour is what is tested, so the time limit is generous.
  }, 240_000);
});
