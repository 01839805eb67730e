import { defineModule } from '../module.js';
import { conversationRoutes } from './routes.js';
import { conversationSchemas } from './schemas.js';
import { storyLifeRoutes } from './story-life.routes.js';
import { storyLifeSchemas } from './story-life.schemas.js';

export const conversationsModule = defineModule({
  name: 'conversations',
  tags: [
    {
      name: 'conversations',
      description: 'Stories and the three conversations: connect; when at risk; a good life and a fair budget.',
    },
  ],
  schemas: [...storyLifeSchemas, ...conversationSchemas],
  routes: async (app, options) => {
    await app.register(conversationRoutes, options);
    await app.register(storyLifeRoutes, options);
  },
});
