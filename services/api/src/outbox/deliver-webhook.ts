import { machineClients, outboxEvents, webhookDeliveries, webhookSubscriptions, type Database } from '@threefold/db';
import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { Webhook } from 'standardwebhooks';
import type { ResolveAll } from './destination.js';
import { postWebhook } from './post-webhook.js';
import type { OutboxSettings } from './settings.js';

/** The Standard Webhooks body a receiver gets: thin, ids and types only. */
export interface WebhookPayload {
  type: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: { id: string; subjectType: string; subjectId: string; [key: string]: unknown };
}

export interface DeliveryAttempt {
  /** Where the pg-boss job stands: attempts already made, and retries allowed. */
  retryCount: number;
  retryLimit: number;
}

export type DeliveryOutcome = 'delivered' | 'retrying' | 'dead' | 'skipped';

export class DeliveryFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

export function payloadOf(event: {
  id: string;
  type: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}): WebhookPayload {
  return {
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: { id: event.id, subjectType: event.subjectType, subjectId: event.subjectId, ...event.data },
  };
}

/** Signs a body the Standard Webhooks way: HMAC-SHA256 over `id.timestamp.body`. */
export function signedHeaders(secret: string, messageId: string, body: string, at = new Date()) {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, at, body),
  };
}

/**
 * One attempt at one delivery: sign, POST, record the attempt. A failed attempt throws
 * `DeliveryFailed` so pg-boss retries it with backoff; the last failed attempt marks the
 * delivery `dead`. The webhook id is the event's id, the same on every retry, so receivers can
 * ignore a message they have already handled.
 */
export async function deliverWebhook(
  db: Database,
  settings: OutboxSettings,
  deliveryId: string,
  attempt: DeliveryAttempt,
  resolve?: ResolveAll,
): Promise<DeliveryOutcome> {
  const [row] = await db
    .select({
      status: webhookDeliveries.status,
      url: webhookSubscriptions.url,
      secret: webhookSubscriptions.secret,
      active: webhookSubscriptions.active,
      clientDisabledAt: machineClients.disabledAt,
      event: {
        id: outboxEvents.id,
        type: outboxEvents.type,
        subjectType: outboxEvents.subjectType,
        subjectId: outboxEvents.subjectId,
        data: outboxEvents.data,
        occurredAt: outboxEvents.occurredAt,
      },
    })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .innerJoin(machineClients, eq(machineClients.id, webhookSubscriptions.clientId))
    .innerJoin(outboxEvents, eq(outboxEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!row || row.status === 'delivered' || row.status === 'dead') return 'skipped';

  const record = (values: PgUpdateSetSource<typeof webhookDeliveries>) =>
    db.update(webhookDeliveries).set(values).where(eq(webhookDeliveries.id, deliveryId));

  if (row.active !== 1 || row.clientDisabledAt) {
    // The subscription was deleted (or its client disabled) after the event was dispatched.
    await record({ status: 'dead', lastError: 'the subscription was deleted or its client disabled' });
    return 'skipped';
  }

  const body = JSON.stringify(payloadOf(row.event));
  const headers = signedHeaders(row.secret, row.event.id, body);
  const outcome = await postWebhook(row.url, body, headers, {
    allowPrivate: settings.allowPrivate,
    timeoutMs: settings.timeoutMs,
    ...(resolve ? { resolve } : {}),
  });

  const attemptFields = {
    attempts: sql`${webhookDeliveries.attempts} + 1`,
    lastAttemptAt: sql`now()`,
    lastResponseStatus: outcome.status,
    lastError: outcome.error,
  };
  if (!outcome.error) {
    await record({ ...attemptFields, status: 'delivered', deliveredAt: sql`now()` });
    return 'delivered';
  }
  const last = attempt.retryCount >= attempt.retryLimit;
  await record({ ...attemptFields, status: last ? 'dead' : 'failed' });
  throw new DeliveryFailed(outcome.error);
}
