import type { RouteRecordRaw } from 'vue-router';

/** People loads on demand. */
export const peopleRoutes: RouteRecordRaw = {
  path: '/people',
  component: () => import('./PeopleLayout.vue'),
  meta: { moduleId: 'people', title: 'People' },
  children: [
    {
      path: '',
      name: 'people',
      component: () => import('./FindPersonPage.vue'),
      meta: { title: 'Find a person' },
    },
    {
      path: 'new',
      name: 'person-new',
      component: () => import('./AddPersonPage.vue'),
      meta: { title: 'Add a person' },
    },
    {
      path: ':id',
      name: 'person',
      component: () => import('./PersonPage.vue'),
      props: true,
      meta: { title: 'Person' },
    },
  ],
};
