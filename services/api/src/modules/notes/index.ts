import { defineModule } from '../module.js';
import { noteRoutes } from './routes.js';
import { noteSchemas } from './schemas.js';

export const notesModule = defineModule({
  name: 'notes',
  tags: [
    {
      name: 'notes',
      description:
        'Case notes: what happened with a person, written for them to read; drafts kept on the server, final notes amended only by appending a version.',
    },
  ],
  schemas: noteSchemas,
  routes: noteRoutes,
});
