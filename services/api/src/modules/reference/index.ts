import { defineModule } from '../module.js';
import { referenceRoutes } from './routes.js';
import { referenceSchemas } from './schemas.js';

export const referenceModule = defineModule({
  name: 'reference',
  tags: [
    {
      name: 'reference',
      description: 'Reference data administrators maintain: the resource allocation table and unit costs.',
    },
  ],
  schemas: referenceSchemas,
  routes: referenceRoutes,
});
