import type { RouteRecordRaw } from 'vue-router';
import { referenceDataRoute } from '../eligibility/routes';

declare module 'vue-router' {
  interface RouteMeta {
    /** Which part of Administration the page belongs to, for its own navigation. */
    section?: 'colleagues' | 'teams' | 'clients' | 'providers' | 'reference';
  }
}

/** Administration loads on demand: most colleagues never open it. */
export const administrationRoutes: RouteRecordRaw = {
  path: '/administration',
  component: () => import('./AdministrationLayout.vue'),
  meta: { moduleId: 'administration', title: 'Administration' },
  children: [
    { path: '', name: 'administration', redirect: { name: 'colleagues' } },
    {
      path: 'colleagues',
      name: 'colleagues',
      component: () => import('./ColleaguesPage.vue'),
      meta: { title: 'Colleagues', section: 'colleagues' },
    },
    {
      path: 'colleagues/new',
      name: 'colleague-new',
      component: () => import('./AddColleaguePage.vue'),
      meta: { title: 'Add a colleague', section: 'colleagues' },
    },
    {
      path: 'colleagues/:id',
      name: 'colleague',
      component: () => import('./ColleaguePage.vue'),
      props: true,
      meta: { title: 'Colleague', section: 'colleagues' },
    },
    {
      path: 'teams',
      name: 'teams',
      component: () => import('./TeamsPage.vue'),
      meta: { title: 'Teams', section: 'teams' },
    },
    {
      path: 'teams/new',
      name: 'team-new',
      component: () => import('./NewTeamPage.vue'),
      meta: { title: 'Create a team', section: 'teams' },
    },
    {
      path: 'teams/:id',
      name: 'team',
      component: () => import('./TeamPage.vue'),
      props: true,
      meta: { title: 'Team', section: 'teams' },
    },
    {
      path: 'clients',
      name: 'clients',
      component: () => import('./ClientsPage.vue'),
      meta: { title: 'Machine clients', section: 'clients' },
    },
    {
      path: 'clients/new',
      name: 'client-new',
      component: () => import('./RegisterClientPage.vue'),
      meta: { title: 'Register a machine client', section: 'clients' },
    },
    {
      path: 'clients/:id',
      name: 'client',
      component: () => import('./ClientPage.vue'),
      props: true,
      meta: { title: 'Machine client', section: 'clients' },
    },
    {
      path: 'providers',
      name: 'providers',
      component: () => import('../care/ProvidersPage.vue'),
      meta: { title: 'Care providers', section: 'providers' },
    },
    referenceDataRoute,
  ],
};
