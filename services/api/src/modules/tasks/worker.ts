import type { FastifyInstance } from 'fastify';
import { startPeriodicWorker, type Worker } from '../../periodic.js';
import { runTaskClocks } from './clocks.js';

/**
 * Makes the tasks the practice's clocks call for and announces overdue ones, every few minutes in
 * each instance (the source keys and the overdue claim make sure each happens once). There is no
 * request, so the time is the app's clock's.
 */
export function startTaskClockWorker(app: FastifyInstance, everyMs = 5 * 60_000): Worker {
  return startPeriodicWorker(app, {
    name: 'task-clocks',
    everyMs,
    work: () =>
      runTaskClocks(app.dbClient.db, app.clock(), {
        touchpointMaxGapDays: app.config.TOUCHPOINT_MAX_GAP_DAYS,
        decisionWorkingDays: app.config.SAFEGUARDING_DECISION_WORKING_DAYS,
      }),
    failure: 'making tasks from the clocks failed',
  });
}
