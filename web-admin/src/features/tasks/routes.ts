import type { RouteRecordRaw } from 'vue-router';

/** The tasks list: mine and my teams'. Home shows the open ones first. */
export const taskRoutes: RouteRecordRaw = {
  path: '/tasks',
  name: 'tasks',
  component: () => import('./TasksPage.vue'),
  meta: { title: 'Tasks' },
};
