import { dateInEngland } from '@threefold/domain';
import type { FastifyInstance } from 'fastify';
import { startPeriodicWorker, type Worker } from '../../periodic.js';
import { markReviewsDue } from './reviews.js';

/**
 * Publishes `review.due` once for each review whose window has opened (first reviews six weeks
 * after a plan goes live, planned reviews on their date). Runs every few minutes in each
 * instance; the claim in `markReviewsDue` makes sure a review is announced only once. There is no
 * request, so "today" is the app's clock's day in England.
 */
export function startReviewDueWorker(app: FastifyInstance, everyMs = 5 * 60_000): Worker {
  return startPeriodicWorker(app, {
    name: 'review-due',
    everyMs,
    work: () => markReviewsDue(app.dbClient.db, dateInEngland(app.clock())),
    failure: 'marking reviews due failed',
  });
}
