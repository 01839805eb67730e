import type { FastifyInstance } from 'fastify';
import { startPeriodicWorker, type Worker } from '../../periodic.js';
import { rollUpAllInsights } from './facts.js';

/**
 * Keeps the practice data roll-up current: every minute, rolls up the days the triggers marked
 * stale and any day not yet rolled up. Runs in every instance; an advisory lock lets one roll at a
 * time. The dashboard never waits for it: a day not rolled up is computed live.
 */
export function startInsightsRollUpWorker(app: FastifyInstance, everyMs = 60_000): Worker {
  return startPeriodicWorker(app, {
    name: 'insights-roll-up',
    everyMs,
    work: () => rollUpAllInsights(app.dbClient.db),
    failure: 'rolling up the practice data failed',
  });
}
