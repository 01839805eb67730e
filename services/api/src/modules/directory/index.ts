import { defineModule } from '../module.js';
import { directoryRoutes } from './routes.js';
import { directorySchemas } from './schemas.js';

export const directoryModule = defineModule({
  name: 'directory',
  tags: [
    {
      name: 'directory',
      description: 'The community directory (Open Referral UK shaped): services, locations, taxonomy, postcodes.',
    },
  ],
  schemas: directorySchemas,
  routes: directoryRoutes,
});
