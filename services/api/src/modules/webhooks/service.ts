import { randomBytes } from 'node:crypto';
import type { Database } from '@threefold/db';
import type { ClientPrincipal } from '../../auth/principal.js';
import { checkDestination, type ResolveAll } from '../../outbox/destination.js';
import { audienceMayReceive, type WebhookEventType } from '../../outbox/event-types.js';
import type { OutboxSettings } from '../../outbox/settings.js';
import type { Actor } from '../../platform/actor.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import {
  destinationRefused,
  eventTypeNotForClient,
  invalidCursor,
  onlyMachineClients,
  subscriptionNotFound,
} from './errors.js';
import { webhookRepository as repo, type After, type DeliveryRow, type SubscriptionRow } from './repository.js';
import type { NewWebhookSubscriptionBody, WebhookDeliveryBody, WebhookSubscriptionBody } from './schemas.js';

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function toSubscription(row: SubscriptionRow): WebhookSubscriptionBody {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.eventTypes as WebhookEventType[],
    createdAt: row.createdAt.toISOString(),
  };
}

function toDelivery(row: DeliveryRow): WebhookDeliveryBody {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    lastResponseStatus: row.lastResponseStatus,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function afterOf(cursor: string | undefined): After | undefined {
  const key = decodeCursor<[string, string]>(cursor, 2);
  if (!key) return undefined;
  const [createdAt, id] = key;
  // Decoded cursors are still caller input: only what this API issues reaches SQL.
  if (typeof createdAt !== 'string' || !TIMESTAMP.test(createdAt) || typeof id !== 'string' || !UUID.test(id)) {
    throw invalidCursor();
  }
  return { createdAt, id };
}

const keyOf = (row: { cursorAt: string; id: string }) => [row.cursorAt, row.id];

/**
 * Subscriptions belong to the machine client that made them: another client's subscription is
 * answered 404, exactly like one that does not exist, so ids reveal nothing.
 */
export class WebhookService {
  constructor(
    private readonly db: Database,
    private readonly settings: OutboxSettings,
    /** Tests resolve names without DNS. */
    private readonly resolve?: ResolveAll,
  ) {}

  /** Webhooks are for machine clients only. */
  private client(actor: Actor): ClientPrincipal {
    if (actor.principal.kind !== 'client') throw onlyMachineClients();
    return actor.principal;
  }

  async create(actor: Actor, body: NewWebhookSubscriptionBody) {
    const client = this.client(actor);
    body.eventTypes.forEach((type, index) => {
      if (!audienceMayReceive(type, client.clientKind)) throw eventTypeNotForClient(index, type, client.clientKind);
    });
    const destination = await checkDestination(body.url, {
      allowPrivate: this.settings.allowPrivate,
      ...(this.resolve ? { resolve: this.resolve } : {}),
    });
    if (!destination.ok) throw destinationRefused(destination.reason);
    const secret = newSigningSecret();
    const row = await repo.insertSubscription(this.db, {
      clientId: client.clientId,
      url: destination.url.toString(),
      eventTypes: body.eventTypes,
      secret,
    });
    return { subscription: toSubscription(row), secret };
  }

  async list(actor: Actor, limit: number, cursor?: string) {
    const client = this.client(actor);
    const rows = await repo.listOwnSubscriptions(this.db, client.clientId, limit, afterOf(cursor));
    const page = pageOf(rows, limit, keyOf);
    return { items: page.items.map(toSubscription), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string) {
    const client = this.client(actor);
    const row = await repo.findOwnSubscription(this.db, client.clientId, id);
    if (!row) throw subscriptionNotFound();
    return toSubscription(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const client = this.client(actor);
    if (!(await repo.deactivateOwnSubscription(this.db, client.clientId, id))) throw subscriptionNotFound();
  }

  async deliveries(actor: Actor, id: string, limit: number, cursor?: string) {
    const client = this.client(actor);
    const subscription = await repo.findOwnSubscription(this.db, client.clientId, id);
    if (!subscription) throw subscriptionNotFound();
    const rows = await repo.listDeliveries(this.db, subscription.id, limit, afterOf(cursor));
    const page = pageOf(rows, limit, keyOf);
    return { items: page.items.map(toDelivery), nextCursor: page.nextCursor };
  }
}
