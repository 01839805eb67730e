import { defineModule } from '../module.js';
import { budgetRoutes } from './routes.js';
import { budgetSchemas } from './schemas.js';
import { startReviewDueWorker } from './worker.js';

export const budgetsModule = defineModule({
  name: 'budgets',
  tags: [
    {
      name: 'budgets',
      description:
        'Personal budgets and support plans: plan lines, funding, the s26 statement, sign-off within delegated limits or the council’s panel.',
    },
    {
      name: 'reviews',
      description:
        'Reviews of support plans (Care Act s27): first at 6–8 weeks, then at most 12 months apart; due and overdue lists.',
    },
  ],
  schemas: budgetSchemas,
  routes: budgetRoutes,
  workers: [(app) => startReviewDueWorker(app)],
});
