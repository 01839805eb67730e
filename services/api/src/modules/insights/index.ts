import { defineModule } from '../module.js';
import { insightsRoutes } from './routes.js';
import { insightsSchemas } from './schemas.js';
import { startInsightsRollUpWorker } from './worker.js';

export const insightsModule = defineModule({
  name: 'insights',
  tags: [
    {
      name: 'insights',
      description: 'The practice’s daily data, by period and team: aggregate numbers for the dashboard.',
    },
  ],
  schemas: insightsSchemas,
  routes: insightsRoutes,
  workers: [(app) => startInsightsRollUpWorker(app)],
});
