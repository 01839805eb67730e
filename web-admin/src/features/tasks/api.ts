import type { Schemas, ThreefoldClient } from '@threefold/api-client';
import { useApi } from '@/api/client';
import { settle } from '@/api/result';

export type Task = Schemas['Task'];
export type NewTask = Schemas['NewTask'];
export type MyWork = Schemas['MyWork'];

/** Home and tasks, on the console's typed client. */
export function tasksApi(client: ThreefoldClient) {
  return {
    myWork: () => settle(client.GET('/v1/me/work', { cache: 'no-store' })),
    list: (query: { scope?: 'mine' | 'team'; status?: 'open' | 'done' | 'cancelled'; cursor?: string }) =>
      settle(client.GET('/v1/tasks', { params: { query }, cache: 'no-store' })),
    create: (body: NewTask) => settle(client.POST('/v1/tasks', { body })),
    change: (task: Pick<Task, 'id' | 'version'>, body: Schemas['TaskChanges']) =>
      settle(
        client.PATCH('/v1/tasks/{id}', {
          params: { path: { id: task.id }, header: { 'if-match': `"${task.id}.v${task.version}"` } },
          body,
        }),
      ),
    teams: () => settle(client.GET('/v1/teams', { cache: 'no-store' })),
  };
}

export type TasksApi = ReturnType<typeof tasksApi>;

export function useTasksApi(): TasksApi {
  return tasksApi(useApi());
}

export const stageWords: Readonly<Record<Schemas['WorkStory']['stage'], string>> = {
  contact: 'Contact',
  conversation_1: 'Conversation 1',
  conversation_2: 'Conversation 2',
  conversation_3: 'Conversation 3',
};

export const sourceWords: Readonly<Record<Task['source'], string>> = {
  manual: '',
  touchpoint: 'Touchpoint',
  review: 'Review',
  safeguarding_clock: 'Safeguarding decision',
};

/** "Due today", "Due tomorrow", "3 days overdue": how far off a day is from today. */
export function dueWords(dueOn: string, today: string): string {
  const days = Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (days === 0) return 'Due today';
  if (days === 1) return 'Due tomorrow';
  if (days === -1) return '1 day overdue';
  if (days < 0) return `${-days} days overdue`;
  return `Due in ${days} days`;
}

/** Today in England as YYYY-MM-DD, for a form's default due date. */
export function todayInEngland(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}
