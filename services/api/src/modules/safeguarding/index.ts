import { defineModule } from '../module.js';
import { safeguardingRoutes } from './routes.js';
import { safeguardingSchemas } from './schemas.js';

export const safeguardingModule = defineModule({
  name: 'safeguarding',
  tags: [
    {
      name: 'safeguarding',
      description:
        'Safeguarding adults (Care Act s42, Making Safeguarding Personal): concerns, the decision, enquiries, conclusions; detail only for the lead and colleagues involved.',
    },
  ],
  schemas: safeguardingSchemas,
  routes: safeguardingRoutes,
});
