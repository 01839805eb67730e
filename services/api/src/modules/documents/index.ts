import { defineModule } from '../module.js';
import { documentRoutes } from './routes.js';
import { documentSchemas } from './schemas.js';

export const documentsModule = defineModule({
  name: 'documents',
  tags: [
    {
      name: 'documents',
      description:
        'Documents held about a person (letters, agreements, photos of paperwork): type checked by content, checksummed, read under their parent record’s rules, removed only by a recorded retention decision.',
    },
  ],
  schemas: documentSchemas,
  routes: documentRoutes,
});
