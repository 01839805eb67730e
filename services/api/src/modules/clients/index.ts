import { defineModule } from '../module.js';
import { clientAdminRoutes, oauthRoutes } from './routes.js';
import { clientSchemas } from './schemas.js';

export const clientsModule = defineModule({
  name: 'clients',
  tags: [
    { name: 'oauth', description: 'OAuth 2.0 client credentials for council and partner systems.' },
    { name: 'administration', description: 'Staff accounts, teams and machine clients, for practice administrators.' },
  ],
  schemas: clientSchemas,
  routes: async (app) => {
    await app.register(oauthRoutes);
    await app.register(clientAdminRoutes);
  },
});
