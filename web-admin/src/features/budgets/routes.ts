import type { RouteRecordRaw } from 'vue-router';

/** A personal budget's builder, and starting one from an eligibility determination. */
export const budgetRoutes: RouteRecordRaw[] = [
  {
    path: '/budgets/new',
    name: 'budget-start',
    component: () => import('./StartBudgetPage.vue'),
    props: (route) => ({ determinationId: String(route.query.determinationId ?? '') }),
    meta: { moduleId: 'budgets-and-reviews', title: 'Start a personal budget' },
  },
  {
    path: '/budgets/:id',
    name: 'budget',
    component: () => import('./BudgetPage.vue'),
    props: true,
    meta: { moduleId: 'budgets-and-reviews', title: 'Personal budget' },
  },
];
