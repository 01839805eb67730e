import type { FastifyInstance } from 'fastify';
import { startPeriodicWorker, type Worker } from '../../periodic.js';
import { markReviewsDue, todayInEngland } from './service.js';

/**
 * Publishes `review.due` once for each review whose window has opened (first reviews six weeks
 * after a plan goes live, planned reviews on their date). Runs every few minutes in each
 * instance; the claim in `markReviewsDue` makes sure a review is announced only once.
 */
export function startReviewDueWorker(app: FastifyInstance, everyMs = 5 * 60_000): Worker {
  return startPeriodicWorker(app, {
    name: 'review-due',
    everyMs,
    work: () => markReviewsDue(app.dbClient.db, todayInEngland()),
    failure: 'marking reviews due failed',
  });
}
