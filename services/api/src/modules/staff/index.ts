import { defineModule } from '../module.js';
import { staffRoutes } from './routes.js';
import { staffSchemas } from './schemas.js';

export const staffModule = defineModule({
  name: 'staff',
  tags: [
    {
      name: 'teams',
      description: 'Self-managed teams.',
    },
  ],
  schemas: staffSchemas,
  routes: staffRoutes,
});
