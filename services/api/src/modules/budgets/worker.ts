import type { FastifyInstance } from 'fastify';
import { markReviewsDue, todayInEngland } from './service.js';

/**
 * Publishes `review.due` once for each review whose window has opened (first reviews six weeks
 * after a plan goes live, planned reviews on their date). Runs every few minutes in each
 * instance; the claim in `markReviewsDue` makes sure a review is announced only once.
 */
export function startReviewDueWorker(
  app: FastifyInstance,
  everyMs = 5 * 60_000,
): { name: string; stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = markReviewsDue(app.dbClient.db, todayInEngland()).catch((err: unknown) =>
      app.log.warn({ err }, 'marking reviews due failed'),
    );
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    name: 'review-due',
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
