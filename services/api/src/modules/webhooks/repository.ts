import { outboxEvents, webhookDeliveries, webhookSubscriptions, type DbOrTx } from '@threefold/db';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect & {
  /** created_at to the microsecond, for keyset cursors (a JS Date keeps only milliseconds). */
  cursorAt: string;
};

export interface DeliveryRow {
  id: string;
  cursorAt: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed' | 'dead';
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/** A keyset position: the (createdAt, id) of the last row of the previous page. */
export interface After {
  createdAt: string;
  id: string;
}

/** Newest first, ties broken by id: rows before the cursor in that order. */
function before(createdAt: AnyPgColumn, id: AnyPgColumn, after?: After) {
  if (!after) return undefined;
  const at = sql`${after.createdAt}::timestamptz`;
  return or(lt(createdAt, at), and(eq(createdAt, at), lt(id, after.id)));
}

const subscriptionColumns = {
  id: webhookSubscriptions.id,
  clientId: webhookSubscriptions.clientId,
  url: webhookSubscriptions.url,
  eventTypes: webhookSubscriptions.eventTypes,
  secret: webhookSubscriptions.secret,
  active: webhookSubscriptions.active,
  createdAt: webhookSubscriptions.createdAt,
  disabledAt: webhookSubscriptions.disabledAt,
  cursorAt: sql<string>`${webhookSubscriptions.createdAt}::text`,
};

/** Drizzle queries only; every method takes the handle to run on (the pool or a transaction). */
export const webhookRepository = {
  async insertSubscription(
    db: DbOrTx,
    values: { clientId: string; url: string; eventTypes: string[]; secret: string },
  ): Promise<SubscriptionRow> {
    const [row] = await db
      .insert(webhookSubscriptions)
      .values(values)
      .returning({ ...subscriptionColumns });
    return row!;
  },

  /** An active subscription, only if it belongs to this client. */
  async findOwnSubscription(db: DbOrTx, clientId: string, id: string): Promise<SubscriptionRow | undefined> {
    const [row] = await db
      .select(subscriptionColumns)
      .from(webhookSubscriptions)
      .where(
        and(
          eq(webhookSubscriptions.id, id),
          eq(webhookSubscriptions.clientId, clientId),
          eq(webhookSubscriptions.active, 1),
        ),
      );
    return row;
  },

  async listOwnSubscriptions(db: DbOrTx, clientId: string, limit: number, after?: After): Promise<SubscriptionRow[]> {
    return db
      .select(subscriptionColumns)
      .from(webhookSubscriptions)
      .where(
        and(
          eq(webhookSubscriptions.clientId, clientId),
          eq(webhookSubscriptions.active, 1),
          before(webhookSubscriptions.createdAt, webhookSubscriptions.id, after),
        ),
      )
      .orderBy(desc(webhookSubscriptions.createdAt), desc(webhookSubscriptions.id))
      .limit(limit + 1);
  },

  /**
   * Deleting keeps the row, inactive, so the delivery log still says what was sent where; no
   * further delivery is attempted.
   */
  async deactivateOwnSubscription(db: DbOrTx, clientId: string, id: string): Promise<boolean> {
    const rows = await db
      .update(webhookSubscriptions)
      .set({ active: 0, disabledAt: sql`now()` })
      .where(
        and(
          eq(webhookSubscriptions.id, id),
          eq(webhookSubscriptions.clientId, clientId),
          eq(webhookSubscriptions.active, 1),
        ),
      )
      .returning({ id: webhookSubscriptions.id });
    return rows.length === 1;
  },

  async listDeliveries(db: DbOrTx, subscriptionId: string, limit: number, after?: After): Promise<DeliveryRow[]> {
    return db
      .select({
        id: webhookDeliveries.id,
        cursorAt: sql<string>`${webhookDeliveries.createdAt}::text`,
        eventId: webhookDeliveries.eventId,
        eventType: outboxEvents.type,
        status: webhookDeliveries.status,
        attempts: webhookDeliveries.attempts,
        lastResponseStatus: webhookDeliveries.lastResponseStatus,
        lastError: webhookDeliveries.lastError,
        createdAt: webhookDeliveries.createdAt,
        lastAttemptAt: webhookDeliveries.lastAttemptAt,
        deliveredAt: webhookDeliveries.deliveredAt,
      })
      .from(webhookDeliveries)
      .innerJoin(outboxEvents, eq(outboxEvents.id, webhookDeliveries.eventId))
      .where(
        and(
          eq(webhookDeliveries.subscriptionId, subscriptionId),
          before(webhookDeliveries.createdAt, webhookDeliveries.id, after),
        ),
      )
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit + 1);
  },
};
