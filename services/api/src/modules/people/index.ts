import { defineModule } from '../module.js';
import { peopleRoutes } from './routes.js';
import { peopleSchemas } from './schemas.js';

export const peopleModule = defineModule({
  name: 'people',
  tags: [
    {
      name: 'people',
      description: 'People: records, finding, relationships and carers, merges, subject access.',
    },
  ],
  schemas: peopleSchemas,
  routes: peopleRoutes,
});
