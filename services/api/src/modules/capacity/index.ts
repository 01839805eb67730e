import { defineModule } from '../module.js';
import { capacityRoutes } from './routes.js';
import { capacitySchemas } from './schemas.js';

export const capacityModule = defineModule({
  name: 'capacity',
  tags: [
    {
      name: 'capacity',
      description:
        'Mental capacity (Mental Capacity Act 2005 ss1–3): the two-stage, decision-specific test with the practicable steps taken, and best-interests decisions (s4) for a person found to lack capacity for that decision. Every read audited.',
    },
  ],
  schemas: capacitySchemas,
  routes: capacityRoutes,
});
