import { defineModule } from '../module.js';
import { connectionRoutes } from './routes.js';
import { connectionSchemas } from './schemas.js';

export const connectionsModule = defineModule({
  name: 'connections',
  tags: [
    {
      name: 'connections',
      description: 'People connected to community services and partner organisations, with consent; the partner API.',
    },
  ],
  schemas: connectionSchemas,
  routes: connectionRoutes,
});
