import type { RouteRecordRaw } from 'vue-router';

/** Safeguarding loads on demand: the lead's queue, a concern and its decision, an enquiry. */
export const safeguardingRoutes: RouteRecordRaw[] = [
  {
    path: '/safeguarding',
    name: 'safeguarding',
    component: () => import('./SafeguardingPage.vue'),
    meta: { moduleId: 'safeguarding', title: 'Safeguarding' },
  },
  {
    path: '/safeguarding/concerns/:id',
    name: 'safeguarding-concern',
    component: () => import('./ConcernPage.vue'),
    props: true,
    meta: { moduleId: 'safeguarding', title: 'Safeguarding concern' },
  },
  {
    path: '/safeguarding/enquiries/:id',
    name: 'safeguarding-enquiry',
    component: () => import('./EnquiryPage.vue'),
    props: true,
    meta: { moduleId: 'safeguarding', title: 'Safeguarding enquiry' },
  },
];
