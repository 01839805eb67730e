import type { RouteRecordRaw } from 'vue-router';

/** The team's review lists (the module's landing page) and a review's own page. */
export const reviewRoutes: RouteRecordRaw[] = [
  {
    path: '/budgets-and-reviews',
    name: 'budgets-and-reviews',
    component: () => import('./ReviewsPage.vue'),
    meta: { moduleId: 'budgets-and-reviews', title: 'Reviews' },
  },
  {
    path: '/reviews/:id',
    name: 'review',
    component: () => import('./ReviewPage.vue'),
    props: true,
    meta: { moduleId: 'budgets-and-reviews', title: 'Review' },
  },
];
