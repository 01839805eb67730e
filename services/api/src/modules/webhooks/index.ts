import { defineModule } from '../module.js';
import { webhookRoutes } from './routes.js';
import { webhookSchemas } from './schemas.js';

export const webhooksModule = defineModule({
  name: 'webhooks',
  tags: [
    {
      name: 'webhooks',
      description: 'Signed event notifications (Standard Webhooks) for council and partner systems.',
    },
  ],
  schemas: webhookSchemas,
  routes: webhookRoutes,
});
