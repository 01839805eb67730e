import { defineModule } from '../module.js';
import { chronologyRoutes } from './routes.js';
import { chronologySchemas } from './schemas.js';

export const chronologyModule = defineModule({
  name: 'chronology',
  tags: [
    {
      name: 'chronology',
      description:
        'A person’s chronology: everything that happened with them, from every part of the record, in time order, showing each reader only what they may see; printable.',
    },
  ],
  schemas: chronologySchemas,
  routes: chronologyRoutes,
});
