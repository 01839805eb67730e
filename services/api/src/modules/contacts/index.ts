import { defineModule } from '../module.js';
import { contactRoutes } from './routes.js';
import { contactSchemas } from './schemas.js';

export const contactsModule = defineModule({
  name: 'contacts',
  tags: [
    {
      name: 'contacts',
      description: 'The front door: contacts and their outcomes.',
    },
  ],
  schemas: contactSchemas,
  routes: contactRoutes,
});
