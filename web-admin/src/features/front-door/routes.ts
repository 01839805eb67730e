import type { RouteRecordRaw } from 'vue-router';

/** The front door loads on demand. */
export const frontDoorRoutes: RouteRecordRaw = {
  path: '/front-door',
  component: () => import('./FrontDoorLayout.vue'),
  meta: { moduleId: 'front-door', title: 'Front door' },
  children: [
    {
      path: '',
      name: 'front-door',
      component: () => import('./FrontDoorTodayPage.vue'),
      meta: { title: 'Front door today' },
    },
    {
      path: 'new',
      name: 'contact-new',
      component: () => import('./RecordContactPage.vue'),
      meta: { title: 'Record a contact' },
    },
    {
      path: 'contacts/:id',
      name: 'contact',
      component: () => import('./ContactPage.vue'),
      props: true,
      meta: { title: 'Contact' },
    },
  ],
};
