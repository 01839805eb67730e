import { defineModule } from '../module.js';
import { careRoutes } from './routes.js';
import { careSchemas } from './schemas.js';

export const careModule = defineModule({
  name: 'care',
  tags: [
    {
      name: 'providers',
      description:
        'Care providers: organisations that deliver services under a plan, with their CQC location id; kept by administrators.',
    },
    {
      name: 'care-services',
      description:
        'Services under a signed-off personal budget: started, suspended, resumed and ended with a reason the returns report; ' +
        'the council’s financial assessments and the budget statement for any period.',
    },
  ],
  schemas: careSchemas,
  routes: careRoutes,
});
