import { defineModule } from '../module.js';
import { warningRoutes } from './routes.js';
import { warningSchemas } from './schemas.js';

export const warningsModule = defineModule({
  name: 'warnings',
  tags: [
    {
      name: 'warnings',
      description:
        'Warning notes: a risk to staff, to others or to the person that a colleague must know before visiting or calling; reviewed by a date, ended with a reason, every read audited.',
    },
  ],
  schemas: warningSchemas,
  routes: warningRoutes,
});
