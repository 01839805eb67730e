import { defineModule } from '../module.js';
import { recordRoutes } from './routes.js';

export const recordsModule = defineModule({
  name: 'records',
  tags: [
    {
      name: 'records',
      description:
        'The written records a person is given, as accessible HTML and PDF, signed with the practice’s details: the record of a conversation, the care and support plan, the outcome of a review.',
    },
  ],
  schemas: [],
  routes: recordRoutes,
});
