import type { FastifyInstance } from 'fastify';
import { rollUpAllInsights } from './facts.js';

/**
 * Keeps the practice data roll-up current: every minute, rolls up the days the triggers marked
 * stale and any day not yet rolled up. Runs in every instance; an advisory lock lets one roll at a
 * time. The dashboard never waits for it: a day not rolled up is computed live.
 */
export function startInsightsRollUpWorker(
  app: FastifyInstance,
  everyMs = 60_000,
): { name: string; stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = running.then(() =>
      stopped
        ? undefined
        : rollUpAllInsights(app.dbClient.pool).catch((err: unknown) =>
            app.log.warn({ err }, 'rolling up the practice data failed'),
          ),
    );
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    name: 'insights-roll-up',
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
