import { defineModule } from '../module.js';
import { eligibilityRoutes } from './routes.js';
import { eligibilitySchemas } from './schemas.js';

export const eligibilityModule = defineModule({
  name: 'eligibility',
  tags: [
    {
      name: 'eligibility',
      description:
        'Eligibility determinations (Care and Support (Eligibility Criteria) Regulations 2015) and the letter for the person.',
    },
  ],
  schemas: eligibilitySchemas,
  routes: eligibilityRoutes,
});
