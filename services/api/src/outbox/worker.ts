import type { FastifyInstance } from 'fastify';
import type PgBoss from 'pg-boss';
import { safeError } from '../logger.js';
import type { Worker } from '../workers.js';
import { deliverWebhook } from './deliver-webhook.js';
import { dispatchEvents, type DispatchResult } from './dispatch-events.js';
import { createBoss, DELIVERY_QUEUE, type DeliveryJobData } from './queue.js';
import type { OutboxSettings } from './settings.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by the webhooks module from configuration. */
    outboxSettings: OutboxSettings;
  }
}

export interface OutboxWorker extends Worker {
  /** Dispatch what is waiting now rather than at the next tick (tests, and after a burst). */
  dispatchNow(): Promise<DispatchResult>;
}

const BATCH = 100;

/**
 * Runs in every API instance: a loop that dispatches the outbox, and pg-boss workers that make
 * the deliveries. Instances share the work through the database (SKIP LOCKED on both sides).
 */
export async function startOutboxWorker(app: FastifyInstance): Promise<OutboxWorker> {
  const settings = app.outboxSettings;
  const { pool, db } = app.dbClient;
  const log = app.log.child({ worker: 'outbox' });
  const boss = createBoss(pool);
  boss.on('error', (err) => log.warn({ err: safeError(err) }, 'job queue error'));
  await boss.start();

  const workerIds: string[] = [];
  for (let i = 0; i < settings.concurrency; i++) {
    workerIds.push(
      await boss.work<DeliveryJobData>(
        DELIVERY_QUEUE,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: settings.pollIntervalMs / 1000 },
        async (jobs: PgBoss.JobWithMetadata<DeliveryJobData>[]) => {
          for (const job of jobs) {
            const outcome = await deliverWebhook(db, settings, job.data.deliveryId, job).catch((err: Error) => {
              log.info(
                { deliveryId: job.data.deliveryId, attempt: job.retryCount + 1, reason: err.message },
                'webhook attempt failed',
              );
              throw err;
            });
            log.debug({ deliveryId: job.data.deliveryId, outcome }, 'webhook delivery');
          }
        },
      ),
    );
  }

  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const dispatchNow = async (): Promise<DispatchResult> => {
    const total: DispatchResult = { events: 0, deliveries: 0 };
    for (;;) {
      const result = await dispatchEvents(pool, boss, settings, BATCH);
      total.events += result.events;
      total.deliveries += result.deliveries;
      // Wake this instance's delivery workers rather than wait for their next poll.
      if (result.deliveries > 0) for (const id of workerIds) boss.notifyWorker(id);
      if (result.events < BATCH || stopping) return total;
    }
  };

  const tick = () => {
    running = dispatchNow()
      .catch((err: Error) => log.error({ err: safeError(err) }, 'outbox dispatch failed'))
      .finally(() => {
        if (!stopping) timer = setTimeout(tick, settings.dispatchIntervalMs);
      });
  };
  tick();

  return {
    name: 'outbox',
    dispatchNow,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await running;
      // Lets a delivery in flight finish (it has its own timeout), then stops polling.
      await boss.stop({ graceful: true, wait: true, close: false, timeout: settings.timeoutMs + 1000 });
    },
  };
}
