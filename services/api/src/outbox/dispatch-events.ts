import { schema } from '@threefold/db';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { bossDb, DELIVERY_QUEUE, type DeliveryJobData } from './queue.js';
import type { OutboxSettings } from './settings.js';

const { machineClients, outboxEvents, webhookDeliveries, webhookSubscriptions } = schema;

export interface DispatchResult {
  events: number;
  deliveries: number;
}

/** Long enough for the request timeout plus the address check and the bookkeeping around it. */
export function jobExpirySeconds(settings: OutboxSettings): number {
  return Math.ceil(settings.timeoutMs / 1000) + 30;
}

/**
 * Moves committed outbox events, oldest first, into one delivery per matching active
 * subscription and one queued job per delivery — all in one transaction, so an event is marked
 * dispatched exactly when its deliveries and jobs exist. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so any number of API instances can dispatch at once without
 * sending an event twice (the unique (subscription, event) index is the second guard).
 *
 * Who receives what: an event with no audience goes to council clients only; an event addressed
 * to a partner organisation goes only to partner clients bound to that organisation.
 */
export async function dispatchEvents(
  pool: pg.Pool,
  boss: PgBoss,
  settings: OutboxSettings,
  batchSize = 100,
): Promise<DispatchResult> {
  const client = await pool.connect();
  const db = drizzle({ client, schema, casing: 'snake_case' });
  try {
    await client.query('begin');
    const events = await db
      .select({ seq: outboxEvents.seq, id: outboxEvents.id })
      .from(outboxEvents)
      .where(isNull(outboxEvents.dispatchedAt))
      .orderBy(asc(outboxEvents.seq))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    if (events.length === 0) {
      await client.query('commit');
      return { events: 0, deliveries: 0 };
    }
    const eventIds = events.map((e) => e.id);

    const matches = await db
      .select({ subscriptionId: webhookSubscriptions.id, eventId: outboxEvents.id })
      .from(outboxEvents)
      .innerJoin(
        webhookSubscriptions,
        and(eq(webhookSubscriptions.active, 1), sql`${outboxEvents.type} = any(${webhookSubscriptions.eventTypes})`),
      )
      .innerJoin(
        machineClients,
        and(eq(machineClients.id, webhookSubscriptions.clientId), isNull(machineClients.disabledAt)),
      )
      .where(
        and(
          inArray(outboxEvents.id, eventIds),
          or(
            and(isNull(outboxEvents.audienceOrganisationId), eq(machineClients.kind, 'council')),
            and(
              eq(machineClients.kind, 'partner'),
              eq(machineClients.organisationId, outboxEvents.audienceOrganisationId),
            ),
          ),
        ),
      )
      .orderBy(asc(outboxEvents.seq), asc(webhookSubscriptions.id));

    let created: { id: string }[] = [];
    if (matches.length > 0) {
      created = await db
        .insert(webhookDeliveries)
        .values(matches.map((m) => ({ ...m, status: 'pending' as const })))
        .onConflictDoNothing({ target: [webhookDeliveries.subscriptionId, webhookDeliveries.eventId] })
        .returning({ id: webhookDeliveries.id });
    }
    if (created.length > 0) {
      const jobs: PgBoss.JobInsert<DeliveryJobData>[] = created.map((d) => ({
        // The job carries the delivery's id, so a delivery can never be queued twice.
        id: d.id,
        name: DELIVERY_QUEUE,
        data: { deliveryId: d.id },
        retryLimit: settings.retryLimit,
        retryDelay: settings.retryDelaySeconds,
        retryBackoff: settings.retryBackoff,
        expireInSeconds: jobExpirySeconds(settings),
      }));
      await boss.insert(jobs, { db: bossDb(client) });
    }

    await db
      .update(outboxEvents)
      .set({ dispatchedAt: sql`now()` })
      .where(inArray(outboxEvents.id, eventIds));
    await client.query('commit');
    return { events: events.length, deliveries: created.length };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
