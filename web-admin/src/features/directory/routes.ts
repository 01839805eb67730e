import type { RouteRecordRaw } from 'vue-router';

/** The community directory: search, partners and maintenance. */
export const directoryRoutes: RouteRecordRaw = {
  path: '/community-directory',
  name: 'community-directory',
  component: () => import('./DirectoryPage.vue'),
  meta: { moduleId: 'community-directory', title: 'Community directory' },
};
