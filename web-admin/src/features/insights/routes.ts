import type { RouteRecordRaw } from 'vue-router';

/** Practice data: the dashboard, and the records that would fail the returns. */
export const insightsRoutes: RouteRecordRaw = {
  path: '/practice-data',
  meta: { moduleId: 'practice-data', title: 'Practice data' },
  children: [
    {
      path: '',
      name: 'practice-data',
      component: () => import('./InsightsPage.vue'),
      meta: { title: 'Practice data' },
    },
    {
      path: 'data-quality',
      name: 'data-quality',
      component: () => import('./DataQualityPage.vue'),
      meta: { title: 'Data quality for the returns' },
    },
  ],
};
