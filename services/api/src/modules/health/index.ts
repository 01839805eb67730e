import { defineModule } from '../module.js';
import { healthRoutes } from './routes.js';
import { healthSchemas } from './schemas.js';

export const healthModule = defineModule({
  name: 'health',
  tags: [
    {
      name: 'health',
      description: 'Liveness and readiness for load balancers and orchestrators.',
    },
  ],
  schemas: healthSchemas,
  routes: healthRoutes,
});
