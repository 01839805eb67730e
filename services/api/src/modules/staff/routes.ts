import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { etagOf, expectedVersion, sendWithEtag } from '../../platform/concurrency.js';
import { PageQuery } from '../../platform/pagination.js';
import { IdParams, IfMatchHeader, Strict, problems, ref } from '../../schemas/common.js';
import { StaffRecovery } from './recovery.js';
import { StaffService } from './service.js';
import {
  EndedSessions,
  NewStaffUser,
  NewTeam,
  StaffUser,
  StaffUserChanges,
  StaffUserPage,
  Team,
  TeamChanges,
  TeamList,
  TemporaryPassword,
} from './schemas.js';

export const staffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const staff = new StaffService(app.dbClient.db);
  const recovery = new StaffRecovery(app.dbClient.db);
  const admin = { permission: 'admin:users' as const };
  const tags = ['administration'];

  app.get(
    '/v1/admin/users',
    {
      config: { access: admin },
      schema: {
        operationId: 'listStaffUsers',
        tags,
        summary: 'Colleagues’ accounts',
        description:
          'Every staff account, by email address, in keyset pages; `q` keeps those whose name or email address contains it.',
        querystring: Strict({
          q: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 100,
              description: 'Part of a name or email address, any case: “okoye”, “nadia”, “@council”.',
            }),
          ),
          ...PageQuery,
        }),
        response: { 200: ref(StaffUserPage), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const page = await staff.listUsers(request.query.limit ?? 50, request.query.cursor, request.query.q);
      await request.audit({ action: 'staff_user.list', resourceType: 'staff_user', resourceId: null });
      return page;
    },
  );

  app.post(
    '/v1/admin/users',
    {
      config: { access: admin },
      schema: {
        operationId: 'createStaffUser',
        tags,
        summary: 'Add a colleague',
        description:
          'Creates an account with an initial password; the colleague enrols an authenticator when first signing in.',
        body: ref(NewStaffUser),
        response: { 201: ref(StaffUser), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const user = await staff.createUser(request.body, request.actor);
      await request.audit({ action: 'staff_user.create', resourceType: 'staff_user', resourceId: user.id });
      reply.code(201).header('etag', etagOf(user.id, user.version));
      return user;
    },
  );

  app.get(
    '/v1/admin/users/:id',
    {
      config: { access: admin },
      schema: {
        operationId: 'getStaffUser',
        tags,
        summary: 'A colleague’s account',
        description: 'One account, with its ETag for updates.',
        params: IdParams,
        response: { 200: ref(StaffUser), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const user = await staff.getUser(request.params.id);
      await request.audit({ action: 'staff_user.read', resourceType: 'staff_user', resourceId: user.id });
      return sendWithEtag(reply, user.id, user.version, user);
    },
  );

  app.patch(
    '/v1/admin/users/:id',
    {
      config: { access: admin },
      schema: {
        operationId: 'updateStaffUser',
        tags,
        summary: 'Change a colleague’s account',
        description: 'Roles, teams, delegated limit, or disable (which ends every session at once). Needs `If-Match`.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(StaffUserChanges),
        response: { 200: ref(StaffUser), ...problems(400, 401, 403, 404, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const user = await staff.updateUser(
        request.actor,
        request.params.id,
        expectedVersion(request, request.params.id),
        request.body,
      );
      await request.audit({ action: 'staff_user.update', resourceType: 'staff_user', resourceId: user.id });
      return sendWithEtag(reply, user.id, user.version, user);
    },
  );

  app.post(
    '/v1/admin/users/:id/password-reset',
    {
      config: { access: admin },
      schema: {
        operationId: 'resetStaffPassword',
        tags,
        summary: 'Reset a colleague’s password',
        description:
          'Sets a one-time password, shown once, that the colleague must change at next sign-in. Every session of the account ends.',
        params: IdParams,
        response: { 200: ref(TemporaryPassword), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const result = await recovery.resetPassword(request.actor, request.params.id);
      reply.header('cache-control', 'no-store');
      return result;
    },
  );

  app.post(
    '/v1/admin/users/:id/authenticator-reset',
    {
      config: { access: admin },
      schema: {
        operationId: 'resetStaffAuthenticator',
        tags,
        summary: 'Reset a colleague’s authenticator',
        description:
          'Forgets the authenticator (a lost or replaced phone): the colleague enrols a new one at next sign-in. Every session of the account ends.',
        params: IdParams,
        response: { 204: { description: 'Reset.', type: 'null' }, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await recovery.resetAuthenticator(request.actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/v1/admin/users/:id/sessions',
    {
      config: { access: admin },
      schema: {
        operationId: 'endStaffSessions',
        tags,
        summary: 'End a colleague’s sessions',
        description: 'Signs the colleague out everywhere at once.',
        params: IdParams,
        response: { 200: ref(EndedSessions), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const ended = await recovery.endSessions(request.actor, request.params.id);
      return { ended };
    },
  );

  app.get(
    '/v1/teams',
    {
      config: { access: { permission: 'teams:read' } },
      schema: {
        operationId: 'listTeams',
        tags: ['teams'],
        summary: 'Teams',
        description: 'The practice’s self-managed teams.',
        response: { 200: ref(TeamList), ...problems(400, 401, 403, 429) },
      },
    },
    async () => ({ items: await staff.listTeams() }),
  );

  app.post(
    '/v1/admin/teams',
    {
      config: { access: admin, idempotent: true },
      schema: {
        operationId: 'createTeam',
        tags,
        summary: 'Create a team',
        description: 'A new self-managed team. Send an `Idempotency-Key` to make retries safe.',
        body: ref(NewTeam),
        response: { 201: ref(Team), ...problems(400, 401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const team = await staff.createTeam(request.actor, request.body);
      reply.code(201).header('etag', etagOf(team.id, team.version));
      return team;
    },
  );

  app.get(
    '/v1/admin/teams/:id',
    {
      config: { access: { permission: 'teams:read' } },
      schema: {
        operationId: 'getTeam',
        tags: ['teams'],
        summary: 'A team',
        description: 'One team, with its ETag for updates.',
        params: IdParams,
        response: { 200: ref(Team), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const team = await staff.getTeam(request.params.id);
      return sendWithEtag(reply, team.id, team.version, team);
    },
  );

  app.patch(
    '/v1/admin/teams/:id',
    {
      config: { access: admin },
      schema: {
        operationId: 'updateTeam',
        tags,
        summary: 'Rename or describe a team',
        description: 'Needs `If-Match` with the ETag you read; a stale one is refused with 412.',
        params: IdParams,
        headers: IfMatchHeader,
        body: ref(TeamChanges),
        response: { 200: ref(Team), ...problems(400, 401, 403, 404, 412, 428, 429) },
      },
    },
    async (request, reply) => {
      const team = await staff.updateTeam(
        request.actor,
        request.params.id,
        expectedVersion(request, request.params.id),
        request.body,
      );
      return sendWithEtag(reply, team.id, team.version, team);
    },
  );
};
