import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { etagOf, expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { IdParams, IfMatchHeader, problems, ref } from '../../schemas/common.js';
import type { ModuleOptions } from '../module.js';
import { MyWork, NewTask, Task, TaskChanges, TaskPage, TaskQuery } from './schemas.js';
import { TasksService } from './service.js';
import { WorkService } from './work.js';

const tags = ['tasks'];
// Tasks are the practice's own work: colleagues only, never council or partner systems.
const read = { permission: 'tasks:read' as const, staffOnly: true };
const write = { permission: 'tasks:write' as const, staffOnly: true };

export const taskRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { config }) => {
  const service = new TasksService(app.dbClient.db);
  const work = new WorkService(app.dbClient.db, {
    touchpointMaxGapDays: config.TOUCHPOINT_MAX_GAP_DAYS,
    decisionWorkingDays: config.SAFEGUARDING_DECISION_WORKING_DAYS,
    enquiryWorkingDays: config.SAFEGUARDING_ENQUIRY_WORKING_DAYS,
  });

  app.get(
    '/v1/me/work',
    {
      config: { access: read },
      schema: {
        operationId: 'getMyWork',
        tags,
        summary: 'My work: home',
        description:
          'The stories I hold with their stage and days waiting, conversation 2 touchpoints falling due on them, open ' +
          'tasks for me and my teams (overdue first), reviews of my people due soon, safeguarding clocks I am involved ' +
          'in, and the people I opened recently. Each list is short, with how many there are in all. Only what I may ' +
          'see; each person named is audited as read.',
        response: { 200: ref(MyWork), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => work.myWork(request.actor),
  );

  app.post(
    '/v1/tasks',
    {
      config: { access: write },
      schema: {
        operationId: 'createTask',
        tags,
        summary: 'Write a task',
        description:
          'For a colleague, a team or both (for the writer when neither is given), due on a day, optionally about a ' +
          'person and one of their stories.',
        body: ref(NewTask),
        response: { 201: ref(Task), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const task = await service.create(request.actor, request.body);
      reply.code(201).header('etag', etagOf(task.id, task.version)).header('location', `/v1/tasks/${task.id}`);
      return task;
    },
  );

  app.get(
    '/v1/tasks',
    {
      config: { access: read },
      schema: {
        operationId: 'listTasks',
        tags,
        summary: 'Tasks: mine, my teams’, or about a person',
        description:
          'By due day (the earliest, so the most overdue, first), keyset-paged. Only tasks for me, my teams or that I ' +
          'wrote; a restricted person’s only with access to restricted records; safeguarding clocks only for the ' +
          'safeguarding lead. Every task listed is audited as read.',
        querystring: TaskQuery,
        response: { 200: ref(TaskPage), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => service.list(request.actor, { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/v1/tasks/:id',
    {
      config: { access: read },
      schema: {
        operationId: 'getTask',
        tags,
        summary: 'A task',
        description: 'With its ETag for changes; `404` when it is not one the reader may see.',
        params: IdParams,
        response: { 200: ref(Task), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const task = await service.get(request.actor, request.params.id);
      return sendWithEtag(reply, task.id, task.version, task);
    },
  );

  app.patch(
    '/v1/tasks/:id',
    {
      config: { access: write },
      schema: {
        operationId: 'changeTask',
        tags,
        summary: 'Edit, finish, cancel or reopen a task',
        description:
          'Needs `If-Match`. `status: done` or `cancelled` closes it, recording who and when; a closed task changes ' +
          'only by reopening it (`status: open`, nothing else), and `409` names the rule otherwise.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(TaskChanges),
        response: { 200: ref(Task), ...problems(400, 401, 403, 404, 409, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(request, request.params.id);
      const task = await service.change(request.actor, request.params.id, expected, request.body);
      return sendWithEtag(reply, task.id, task.version, task);
    },
  );
};
