import type { RouteRecordRaw } from 'vue-router';

/** A conversation's own page; the list of them lives on each person's page. */
export const conversationRoutes: RouteRecordRaw = {
  path: '/conversations/:id',
  name: 'conversation',
  component: () => import('./ConversationPage.vue'),
  props: true,
  meta: { moduleId: 'conversations', title: 'Conversation' },
};

/** The team board: open stories nobody holds. */
export const boardRoutes: RouteRecordRaw = {
  path: '/board',
  name: 'team-board',
  component: () => import('./TeamBoardPage.vue'),
  meta: { moduleId: 'team-board', title: 'Team board' },
};

/** The caseload: stories I hold, my team's, or all I may see — where the Conversations menu leads. */
export const caseloadRoutes: RouteRecordRaw = {
  path: '/conversations',
  name: 'conversations',
  component: () => import('./CaseloadPage.vue'),
  meta: { moduleId: 'conversations', title: 'Caseload' },
};
