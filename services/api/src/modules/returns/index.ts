import { defineModule } from '../module.js';
import { returnsRoutes } from './routes.js';
import { returnsSchemas } from './schemas.js';

export const returnsModule = defineModule({
  name: 'returns',
  tags: [
    {
      name: 'returns',
      description:
        'Statutory returns for the council: Client Level Data, the Safeguarding Adults Collection, and the data quality report.',
    },
  ],
  schemas: returnsSchemas,
  routes: returnsRoutes,
});
