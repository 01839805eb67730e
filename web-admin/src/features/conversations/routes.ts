import type { RouteRecordRaw } from 'vue-router';

/** A conversation's own page; the list of them lives on each person's page. */
export const conversationRoutes: RouteRecordRaw = {
  path: '/conversations/:id',
  name: 'conversation',
  component: () => import('./ConversationPage.vue'),
  props: true,
  meta: { moduleId: 'conversations', title: 'Conversation' },
};
