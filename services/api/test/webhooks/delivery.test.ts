import { organisations, outboxEvents, webhookDeliveries } from '@threefold/db';
import { eq, isNull } from 'drizzle-orm';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../src/outbox/record-event.js';
import { startOutboxWorker, type OutboxWorker } from '../../src/outbox/worker.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createMachineClient, tokenFor } from '../support/auth.js';
import { eventually, startReceiver, type Receiver } from './receiver.js';

const RETRY_LIMIT = 4;
interface DeliveryPage {
  items: Record<string, unknown>[];
  nextCursor: string | null;
}
let t: TestApp;
let worker: OutboxWorker;
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await createTestApp({
    config: {
      // The receivers are local HTTP servers on 127.0.0.1.
      WEBHOOKS_ALLOW_PRIVATE: true,
      WEBHOOKS_RETRY_LIMIT: RETRY_LIMIT,
      WEBHOOKS_RETRY_DELAY_SECONDS: 0,
      WEBHOOKS_RETRY_BACKOFF: false,
      WEBHOOKS_POLL_INTERVAL_MS: 500,
      WEBHOOKS_DISPATCH_INTERVAL_MS: 100,
      WEBHOOKS_TIMEOUT_MS: 2000,
    },
  });
  worker = await startOutboxWorker(t.app);
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

async function clientWithToken(kind: 'council' | 'partner', organisationId?: string) {
  const client = await createMachineClient(t.db, {
    kind,
    scopes: ['webhooks:manage'],
    ...(organisationId ? { organisationId } : {}),
  });
  return { client, headers: (await tokenFor(t.app, client)).headers };
}

async function subscribe(headers: Record<string, string>, url: string, eventTypes: string[]) {
  const res = await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers, payload: { url, eventTypes } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { subscription: { id: string }; secret: string };
}

async function partnerOrganisation(name: string): Promise<string> {
  const [row] = await t.db.db.insert(organisations).values({ name, kind: 'partner' }).returning();
  return row!.id;
}

describe('outbox', () => {
  it('sends nothing for an event recorded in a transaction that rolls back', async () => {
    const { headers } = await clientWithToken('council');
    const r = await receiver();
    await subscribe(headers, `${r.url}/hook`, ['contact.created']);

    await expect(
      t.db.db.transaction(async (tx) => {
        await recordEvent(tx, { type: 'contact.created', subjectType: 'contact', subjectId: 'rolled-back' });
        throw new Error('the contact could not be saved');
      }),
    ).rejects.toThrow('the contact could not be saved');
    // Recorded after the rolled-back one, so once it arrives the first would have arrived too.
    await t.db.db.transaction((tx) =>
      recordEvent(tx, { type: 'contact.created', subjectType: 'contact', subjectId: 'kept' }),
    );

    await r.waitFor(1);
    await worker.dispatchNow();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(r.received.map((m) => JSON.parse(m.body).data.subjectId)).toEqual(['kept']);
    const rows = await t.db.db.select().from(outboxEvents).where(eq(outboxEvents.subjectId, 'rolled-back'));
    expect(rows).toEqual([]);
  });

  it('keeps payloads thin: nested detail is refused at the source', async () => {
    await expect(
      recordEvent(t.db.db, {
        type: 'contact.created',
        subjectType: 'contact',
        subjectId: 'c-1',
        data: { person: { familyName: 'Example' } } as never,
      }),
    ).rejects.toThrow('use ids and types only');
    await expect(
      recordEvent(t.db.db, { type: 'connection.offered', subjectType: 'connection', subjectId: 'x' }),
    ).rejects.toThrow('give the organisation');
  });
});

describe('signed delivery with retries', () => {
  it('retries a receiver that fails three times, then delivers a body that verifies', async () => {
    const { headers } = await clientWithToken('council');
    const r = await receiver();
    r.answerWith(500, 503, 500);
    const { subscription, secret } = await subscribe(headers, `${r.url}/threefold`, ['contact.resolved']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);

    const event = await t.db.db.transaction((tx) =>
      recordEvent(tx, {
        type: 'contact.resolved',
        subjectType: 'contact',
        subjectId: '3c8e9f0e-4a51-4b8e-9d7c-1f2a3b4c5d6e',
        data: { outcome: 'information_and_advice' },
      }),
    );

    const received = await r.waitFor(4);
    expect(received).toHaveLength(4);
    // Every attempt carries the same message id (the event's), so a receiver can de-duplicate.
    expect(new Set(received.map((m) => m.headers['webhook-id']))).toEqual(new Set([event.id]));

    const last = received[3]!;
    expect(last.path).toBe('/threefold');
    expect(last.headers['content-type']).toBe('application/json');
    const payload = new Webhook(secret).verify(last.body, last.headers) as Record<string, unknown>;
    expect(payload).toEqual({
      type: 'contact.resolved',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      data: {
        id: event.id,
        subjectType: 'contact',
        subjectId: '3c8e9f0e-4a51-4b8e-9d7c-1f2a3b4c5d6e',
        outcome: 'information_and_advice',
      },
    });

    // Anyone who alters the body in transit fails verification.
    const tampered = last.body.replace('information_and_advice', 'connected_to_community');
    expect(() => new Webhook(secret).verify(tampered, last.headers)).toThrow(WebhookVerificationError);
    // So does anyone signing with another secret.
    const forged = { ...last.headers, 'webhook-signature': last.headers['webhook-signature']!.replace(/.$/, 'A') };
    expect(() => new Webhook(secret).verify(last.body, forged)).toThrow(WebhookVerificationError);

    const log = await eventually<DeliveryPage>(async () => {
      const res = await t.app.inject({ method: 'GET', url: `/v1/webhooks/${subscription.id}/deliveries`, headers });
      expect(res.statusCode, res.body).toBe(200);
      const item = res.json().items[0];
      return item?.status === 'delivered' ? res.json() : undefined;
    });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({
      eventId: event.id,
      eventType: 'contact.resolved',
      status: 'delivered',
      attempts: 4,
      lastResponseStatus: 200,
      lastError: null,
      deliveredAt: expect.any(String),
    });
  });

  it('marks a delivery dead after the last retry, with the last answer in the log', async () => {
    const { headers } = await clientWithToken('council');
    const r = await receiver();
    r.answerWith(...Array.from({ length: 20 }, () => 500));
    const { subscription } = await subscribe(headers, `${r.url}/down`, ['story.opened']);
    await recordEvent(t.db.db, { type: 'story.opened', subjectType: 'story', subjectId: 'story-1' });

    await r.waitFor(RETRY_LIMIT + 1);
    const log = await eventually<DeliveryPage>(async () => {
      const res = await t.app.inject({ method: 'GET', url: `/v1/webhooks/${subscription.id}/deliveries`, headers });
      return res.json().items[0]?.status === 'dead' ? res.json() : undefined;
    });
    expect(log.items[0]).toMatchObject({
      status: 'dead',
      attempts: RETRY_LIMIT + 1,
      lastResponseStatus: 500,
      lastError: 'the receiver answered 500',
      deliveredAt: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(r.received).toHaveLength(RETRY_LIMIT + 1);
  });

  it('stops delivering to a subscription once it is deleted', async () => {
    const { headers } = await clientWithToken('council');
    const r = await receiver();
    r.answerWith(...Array.from({ length: 20 }, () => 500));
    const { subscription } = await subscribe(headers, `${r.url}/soon-gone`, ['review.completed']);
    await recordEvent(t.db.db, { type: 'review.completed', subjectType: 'review', subjectId: 'review-1' });
    await r.waitFor(1);
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${subscription.id}`, headers });
    expect(res.statusCode).toBe(204);
    const [row] = await eventually(async () => {
      const rows = await t.db.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, subscription.id));
      return rows[0]?.status === 'dead' ? rows : undefined;
    });
    expect(row!.lastError).toContain('deleted');
    const seen = r.received.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(r.received.length).toBe(seen);
  });
});

describe('who hears of what', () => {
  it("sends a partner's event to that partner only: never to another partner or to the council", async () => {
    const orgA = await partnerOrganisation('Test partner A');
    const orgB = await partnerOrganisation('Test partner B');
    const partnerA = await clientWithToken('partner', orgA);
    const partnerB = await clientWithToken('partner', orgB);
    const council = await clientWithToken('council');
    const [toA, toB, toCouncil] = [await receiver(), await receiver(), await receiver()];
    const types = ['connection.offered', 'person.rectified'];
    await subscribe(partnerA.headers, `${toA.url}/a`, types);
    const subB = await subscribe(partnerB.headers, `${toB.url}/b`, types);
    await subscribe(council.headers, `${toCouncil.url}/council`, ['person.rectified']);

    // A council client cannot even ask for partner events.
    const refused = await t.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: council.headers,
      payload: { url: `${toCouncil.url}/council`, eventTypes: ['connection.offered'] },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'eventTypes.0' });

    await t.db.db.transaction(async (tx) => {
      await recordEvent(tx, {
        type: 'connection.offered',
        subjectType: 'connection',
        subjectId: 'connection-for-a',
        audienceOrganisationId: orgA,
      });
      await recordEvent(tx, {
        type: 'person.rectified',
        subjectType: 'person',
        subjectId: 'person-shared-with-a',
        audienceOrganisationId: orgA,
      });
      await recordEvent(tx, { type: 'person.rectified', subjectType: 'person', subjectId: 'person-for-council' });
    });

    await toA.waitFor(2);
    await toCouncil.waitFor(1);
    await eventually(async () => {
      const waiting = await t.db.db.select().from(outboxEvents).where(isNull(outboxEvents.dispatchedAt));
      return waiting.length === 0 ? true : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 700));

    const subjects = (r: Receiver) => r.received.map((m) => JSON.parse(m.body).data.subjectId).sort();
    expect(subjects(toA)).toEqual(['connection-for-a', 'person-shared-with-a']);
    expect(subjects(toCouncil)).toEqual(['person-for-council']);
    expect(toB.received).toEqual([]);
    const deliveriesToB = await t.db.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.subscriptionId, subB.subscription.id));
    expect(deliveriesToB).toEqual([]);
  });
});
