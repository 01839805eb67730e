import type { RouteRecordRaw } from 'vue-router';

/** The eligibility screen, reached from conversation 3, and a decision with its letter. */
export const eligibilityRoutes: RouteRecordRaw[] = [
  {
    path: '/conversations/:id/eligibility',
    name: 'eligibility-new',
    component: () => import('./EligibilityPage.vue'),
    props: true,
    meta: { moduleId: 'conversations', title: 'Decide eligibility' },
  },
  {
    path: '/eligibility/:id',
    name: 'eligibility-determination',
    component: () => import('./DeterminationPage.vue'),
    props: true,
    meta: { moduleId: 'conversations', title: 'Eligibility decision' },
  },
];

/** Under Administration: the resource allocation table and unit costs. */
export const referenceDataRoute: RouteRecordRaw = {
  path: 'reference-data',
  name: 'reference-data',
  component: () => import('./ReferenceDataPage.vue'),
  meta: { title: 'Reference data', section: 'reference' },
};
