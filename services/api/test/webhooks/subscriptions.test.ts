import { organisations } from '@threefold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, tokenFor } from '../support/auth.js';

// No worker runs in this file: nothing is ever sent, so subscriptions may name public addresses.
const PUBLIC_URL = 'https://81.2.69.160/threefold/hooks';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { WEBHOOKS_ALLOW_PRIVATE: false } });
});
afterAll(() => t?.close());

async function councilHeaders(scopes = ['webhooks:manage']) {
  const client = await createMachineClient(t.db, { kind: 'council', scopes });
  return (await tokenFor(t.app, client)).headers;
}

async function create(headers: Record<string, string>, payload: unknown) {
  return t.app.inject({ method: 'POST', url: '/v1/webhooks', headers, payload: payload as object });
}

describe('webhook subscriptions', () => {
  it('creates a subscription and shows its signing secret once', async () => {
    const headers = await councilHeaders();
    const res = await create(headers, { url: PUBLIC_URL, eventTypes: ['contact.created', 'contact.resolved'] });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(body.subscription).toEqual({
      id: expect.any(String),
      url: PUBLIC_URL,
      eventTypes: ['contact.created', 'contact.resolved'],
      createdAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/v1/webhooks/${body.subscription.id}`);

    const one = await t.app.inject({ method: 'GET', url: `/v1/webhooks/${body.subscription.id}`, headers });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(body.subscription);
    expect(one.body).not.toContain('whsec_');
    const list = await t.app.inject({ method: 'GET', url: '/v1/webhooks', headers });
    expect(list.json().items).toEqual([body.subscription]);
    expect(list.body).not.toContain('whsec_');
  });

  it.each([
    ['http://', 'http://81.2.69.160/hook', 'must use https://'],
    ['loopback', 'https://127.0.0.1/hook', 'private, loopback or reserved'],
    ['10.x', 'https://10.0.0.5/hook', 'private, loopback or reserved'],
    ['192.168.x', 'https://192.168.0.10/hook', 'private, loopback or reserved'],
    ['169.254.x', 'https://169.254.169.254/latest', 'private, loopback or reserved'],
    ['::1', 'https://[::1]/hook', 'private, loopback or reserved'],
    ['fc00::/7', 'https://[fd00::1]/hook', 'private, loopback or reserved'],
  ])('refuses a URL that is %s', async (_what, url, message) => {
    const res = await create(await councilHeaders(), { url, eventTypes: ['contact.created'] });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
    expect(res.json().errors).toEqual([expect.objectContaining({ in: 'body', field: 'url' })]);
    expect(res.json().errors[0].message).toContain(message);
  });

  it('rejects unknown fields, unknown event types and an empty list', async () => {
    const headers = await councilHeaders();
    const unknownField = await create(headers, { url: PUBLIC_URL, eventTypes: ['contact.created'], secret: 'mine' });
    expect(unknownField.statusCode).toBe(400);
    const unknownType = await create(headers, { url: PUBLIC_URL, eventTypes: ['contact.deleted'] });
    expect(unknownType.statusCode).toBe(400);
    const none = await create(headers, { url: PUBLIC_URL, eventTypes: [] });
    expect(none.statusCode).toBe(400);
  });

  it('lets a partner subscribe only to partner events', async () => {
    const [org] = await t.db.db.insert(organisations).values({ name: 'Test partner', kind: 'partner' }).returning();
    const partner = await createMachineClient(t.db, {
      kind: 'partner',
      scopes: ['webhooks:manage'],
      organisationId: org!.id,
    });
    const { headers } = await tokenFor(t.app, partner);
    const refused = await create(headers, { url: PUBLIC_URL, eventTypes: ['connection.offered', 'contact.created'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'eventTypes.1' });
    const allowed = await create(headers, { url: PUBLIC_URL, eventTypes: ['connection.offered', 'person.rectified'] });
    expect(allowed.statusCode).toBe(201);
  });

  it("answers 404 for another client's subscription, whatever the verb", async () => {
    const owner = await councilHeaders();
    const other = await councilHeaders();
    const { subscription } = (await create(owner, { url: PUBLIC_URL, eventTypes: ['story.opened'] })).json();
    for (const [method, url] of [
      ['GET', `/v1/webhooks/${subscription.id}`],
      ['GET', `/v1/webhooks/${subscription.id}/deliveries`],
      ['DELETE', `/v1/webhooks/${subscription.id}`],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: other });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    const theirs = await t.app.inject({ method: 'GET', url: '/v1/webhooks', headers: other });
    expect(theirs.json().items).toEqual([]);
    // Still there for its owner.
    const mine = await t.app.inject({ method: 'GET', url: `/v1/webhooks/${subscription.id}`, headers: owner });
    expect(mine.statusCode).toBe(200);
  });

  it('deletes a subscription: gone from reads, and a second delete is 404', async () => {
    const headers = await councilHeaders();
    const { subscription } = (await create(headers, { url: PUBLIC_URL, eventTypes: ['story.closed'] })).json();
    const del = await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${subscription.id}`, headers });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/v1/webhooks/${subscription.id}`, headers })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ method: 'GET', url: '/v1/webhooks', headers })).json().items).toEqual([]);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${subscription.id}`, headers })).statusCode).toBe(
      404,
    );
  });

  it('pages the list with keyset cursors, newest first, without repeats', async () => {
    const headers = await councilHeaders();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await create(headers, { url: `${PUBLIC_URL}/${i}`, eventTypes: ['contact.created'] })).json().subscription.id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { statusCode: number; body: string; json(): unknown } = await t.app.inject({
        method: 'GET',
        url: `/v1/webhooks?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { items: { id: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const forged = Buffer.from(JSON.stringify(["1 day'; --", 'x'])).toString('base64url');
    const bad = await t.app.inject({ method: 'GET', url: `/v1/webhooks?cursor=${forged}`, headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_cursor');
  });

  it('needs a machine client with the webhooks:manage scope', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/v1/webhooks' });
    expect(anonymous.statusCode).toBe(401);
    const withoutScope = await councilHeaders(['contacts:read']);
    const res = await t.app.inject({ method: 'GET', url: '/v1/webhooks', headers: withoutScope });
    expect(res.statusCode).toBe(403);
  });
});

describe('creating a subscription twice by accident', () => {
  it('replays the first answer, secret included, for a retry with the same Idempotency-Key', async () => {
    const headers = { ...(await councilHeaders()), 'idempotency-key': 'subscribe-0001' };
    const payload = { url: PUBLIC_URL, eventTypes: ['contact.created'] };
    const first = await create(headers, payload);
    const again = await create(headers, payload);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const list = await t.app.inject({ method: 'GET', url: '/v1/webhooks', headers });
    expect(list.json().items).toHaveLength(1);
  });
});
