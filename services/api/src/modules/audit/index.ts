import { defineModule } from '../module.js';
import { auditRoutes } from './routes.js';
import { auditSchemas } from './schemas.js';

export const auditModule = defineModule({
  name: 'audit',
  tags: [
    {
      name: 'audit',
      description: 'Who read or changed personal data, when and why: the audit trail, for auditors.',
    },
  ],
  schemas: auditSchemas,
  routes: auditRoutes,
});
