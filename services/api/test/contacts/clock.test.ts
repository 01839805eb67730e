import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/factories.js';

// The front door reads the time from the request's actor (the app's one clock), not the machine's.

const now = new Date('2025-03-10T09:00:00Z');
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ now: () => now });
});
afterAll(() => ctx.close());

const base = {
  channel: 'phone',
  madeBy: 'self',
  routeOfAccess: 'community_other',
  whatMatters: 'Getting to the shops',
};

describe('a contact against the app’s clock', () => {
  it('is refused when it happened after the clock’s moment, and defaults to that moment', async () => {
    const practitioner = await ctx.signedIn('practitioner');
    const later = await ctx.call(practitioner, {
      method: 'POST',
      url: '/v1/contacts',
      payload: { ...base, occurredAt: '2025-03-11T09:00:00Z' },
    });
    expect(later.statusCode).toBe(400);
    expect(later.json().errors[0].field).toBe('occurredAt');

    const atOnce = await ctx.call(
      practitioner,
      { method: 'POST', url: '/v1/contacts', payload: { ...base, outcome: 'information_and_advice' } },
      201,
    );
    expect(atOnce.json().occurredAt).toBe(now.toISOString());
    expect(atOnce.json().resolvedAt).toBe(now.toISOString());
  });
});
