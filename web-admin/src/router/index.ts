import { createRouter, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router';
import { clearAllDrafts } from '@/composables/useDraft';
import { productName } from '@/config';
import SignInPage from '@/features/auth/SignInPage.vue';
import HomePage from '@/features/home/HomePage.vue';
import { administrationRoutes } from '@/features/administration/routes';
import { budgetRoutes } from '@/features/budgets/routes';
import { directoryRoutes } from '@/features/directory/routes';
import { boardRoutes, caseloadRoutes, conversationRoutes } from '@/features/conversations/routes';
import { eligibilityRoutes } from '@/features/eligibility/routes';
import { frontDoorRoutes } from '@/features/front-door/routes';
import { importsRoutes } from '@/features/imports/routes';
import { insightsRoutes } from '@/features/insights/routes';
import { practiceModules } from '@/features/modules';
import { peopleRoutes } from '@/features/people/routes';
import { safeguardingRoutes } from '@/features/safeguarding/routes';
import { reviewRoutes } from '@/features/reviews/routes';
import { taskRoutes } from '@/features/tasks/routes';
import ComingSoonPage from '@/features/shell/ComingSoonPage.vue';
import NotFoundPage from '@/features/shell/NotFoundPage.vue';
import type { SessionStore } from '@/session/store';
import { safeRedirect } from './redirect';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open to people who are not signed in. */
    public?: boolean;
    /** For the tab's title. */
    title?: string;
    /** Which entry of practiceModules the page belongs to. */
    moduleId?: string;
  }
}

// The first pages anyone sees are in the main bundle; modules, once built, load on demand and
// replace their coming-soon page.
export function buildRoutes(session: SessionStore): RouteRecordRaw[] {
  return [
    {
      path: '/sign-in',
      name: 'sign-in',
      component: SignInPage,
      meta: { public: true, title: 'Sign in' },
    },
    {
      path: '/sign-out',
      name: 'sign-out',
      meta: { public: true, title: 'Signing out' },
      // Reached by navigation, so a page with unsaved changes is asked first (see useUnsavedChanges).
      component: SignInPage,
      beforeEnter: async () => {
        await session.signOut();
        clearAllDrafts();
        return { name: 'sign-in', query: { signedOut: '1' } };
      },
    },
    {
      path: '/change-password',
      name: 'change-password',
      component: () => import('@/features/auth/ChangePasswordPage.vue'),
      meta: { title: 'Choose a new password' },
    },
    {
      path: '/account',
      name: 'my-account',
      component: () => import('@/features/auth/MyAccountPage.vue'),
      meta: { title: 'My account' },
    },
    {
      path: '/',
      name: 'home',
      component: HomePage,
      meta: { title: 'Start' },
    },
    taskRoutes,
    frontDoorRoutes,
    peopleRoutes,
    caseloadRoutes,
    conversationRoutes,
    ...eligibilityRoutes,
    boardRoutes,
    ...safeguardingRoutes,
    directoryRoutes,
    ...budgetRoutes,
    ...reviewRoutes,
    insightsRoutes,
    importsRoutes,
    administrationRoutes,
    ...practiceModules
      .filter((module) => !module.built)
      .map((module): RouteRecordRaw => ({
        // Deep links (`/people/…`) land on the module too, so a bookmarked address keeps working.
        path: `${module.path}/:rest(.*)*`,
        name: module.id,
        component: ComingSoonPage,
        meta: { title: module.name, moduleId: module.id },
      })),
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: NotFoundPage,
      meta: { title: 'Page not found' },
    },
  ];
}

export function createAppRouter(options: { history: RouterHistory; session: SessionStore }): Router {
  const { history, session } = options;
  const router = createRouter({
    history,
    routes: buildRoutes(session),
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  router.beforeEach(async (to) => {
    if (to.name === 'sign-out') return true;
    const current = await session.ensure();
    if (to.name === 'sign-in') {
      // Already signed in: the sign-in page has nothing to offer, carry on to where they were going.
      return current ? safeRedirect(to.query.redirect) : true;
    }
    // After an administrator's password reset the session opens nothing until the password is changed.
    if (current?.passwordChangeRequired && to.name !== 'change-password' && !to.meta.public) {
      return { name: 'change-password', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    }
    if (to.meta.public || current) return true;
    return { name: 'sign-in', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  });

  router.afterEach((to) => {
    if (typeof document !== 'undefined') {
      document.title = to.meta.title ? `${to.meta.title} – ${productName}` : productName;
    }
  });

  return router;
}
