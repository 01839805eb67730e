import type { RouteRecordRaw } from 'vue-router';

/** The community directory: search, partners and maintenance. Deep links into it land on it. */
export const directoryRoutes: RouteRecordRaw = {
  path: '/community-directory/:rest(.*)*',
  name: 'community-directory',
  component: () => import('./DirectoryPage.vue'),
  meta: { moduleId: 'community-directory', title: 'Community directory' },
};
