import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { machineClients } from './identity.js';

/** Stored answers to POSTs sent with an Idempotency-Key, per caller. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text().notNull(),
    key: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    requestHash: text().notNull(),
    state: text({ enum: ['in_flight', 'done'] }).notNull(),
    responseStatus: integer(),
    responseHeaders: jsonb().$type<Record<string, string>>(),
    responseBody: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true })
      .notNull()
      .default(sql`now() + interval '24 hours'`),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_expiry_idx').on(t.expiresAt)],
);

/**
 * Domain events, written in the same transaction as the change they describe. Payloads are
 * thin (ids and types) so that reading the detail goes through the API and is audited.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    seq: bigserial({ mode: 'number' }).primaryKey(),
    id: uuid().notNull().unique().defaultRandom(),
    type: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    /** The partner organisation an event concerns, when only that partner may hear of it. */
    audienceOrganisationId: uuid(),
    data: jsonb()
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('outbox_events_undispatched_idx')
      .on(t.seq)
      .where(sql`${t.dispatchedAt} is null`),
  ],
);

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuid().primaryKey().defaultRandom(),
    clientId: uuid()
      .notNull()
      .references(() => machineClients.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    eventTypes: text().array().notNull(),
    /** Standard Webhooks signing secret (`whsec_…`), shown to the client once. */
    secret: text().notNull(),
    active: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('webhook_subscriptions_client_idx').on(t.clientId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    subscriptionId: uuid()
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: uuid()
      .notNull()
      .references(() => outboxEvents.id),
    status: text({ enum: ['pending', 'delivered', 'failed', 'dead'] }).notNull(),
    attempts: integer().notNull().default(0),
    lastResponseStatus: integer(),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt),
    // One delivery per event and subscription, so dispatching the same event twice sends it once.
    uniqueIndex('webhook_deliveries_event_key').on(t.subscriptionId, t.eventId),
  ],
);
