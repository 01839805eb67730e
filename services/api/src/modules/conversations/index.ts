import { defineModule } from '../module.js';
import { conversationRoutes } from './routes.js';
import { conversationSchemas } from './schemas.js';

export const conversationsModule = defineModule({
  name: 'conversations',
  tags: [
    {
      name: 'conversations',
      description: 'Stories and the three conversations: connect; when at risk; a good life and a fair budget.',
    },
  ],
  schemas: conversationSchemas,
  routes: conversationRoutes,
});
