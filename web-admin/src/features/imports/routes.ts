import type { RouteRecordRaw } from 'vue-router';

/** Bringing the council's records in, and handing everything back. */
export const importsRoutes: RouteRecordRaw = {
  path: '/imports',
  name: 'imports',
  component: () => import('./ImportsPage.vue'),
  meta: { moduleId: 'imports', title: 'Imports and hand-back' },
};
