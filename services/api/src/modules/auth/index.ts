import { defineModule } from '../module.js';
import { authRoutes } from './routes.js';
import { authSchemas } from './schemas.js';

export const authModule = defineModule({
  name: 'auth',
  tags: [
    {
      name: 'auth',
      description: 'Staff sign-in: password, then a TOTP code; a session cookie with a CSRF token.',
    },
  ],
  schemas: authSchemas,
  routes: authRoutes,
});
