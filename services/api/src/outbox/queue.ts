import PgBoss from 'pg-boss';
import type pg from 'pg';

/** The schema and queue built by migration 0004_job_queue. */
export const QUEUE_SCHEMA = 'pgboss';
export const DELIVERY_QUEUE = 'webhook-delivery';

export interface DeliveryJobData {
  deliveryId: string;
}

/** A pg-boss adapter that runs its SQL on a given pool or client (e.g. inside our transaction). */
export function bossDb(runner: Pick<pg.Pool | pg.PoolClient, 'query'>): PgBoss.Db {
  return { executeSql: (text, values) => runner.query(text, values) };
}

/**
 * pg-boss on the API's own pool, so it acts as `threefold_app` like every other query. It does
 * not build or migrate its schema (the migrations do, as the owner) and runs no cron scheduler.
 */
export function createBoss(pool: pg.Pool): PgBoss {
  return new PgBoss({
    db: bossDb(pool),
    schema: QUEUE_SCHEMA,
    migrate: false,
    schedule: false,
    supervise: true,
  });
}
