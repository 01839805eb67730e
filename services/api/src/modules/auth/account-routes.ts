import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.js';
import { IdParams, problems, ref } from '../../schemas/common.js';
import { AccountService } from './account.js';
import { PasswordChange, SessionList } from './schemas.js';

const tags = ['auth'];
const self = { permission: 'session:self' as const };

/** A colleague's own account: their sessions and their password. */
export const accountRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const account = new AccountService(app.dbClient.db, config);

  app.get(
    '/v1/me/sessions',
    {
      config: { access: self },
      schema: {
        operationId: 'listMySessions',
        tags,
        summary: 'My sessions',
        description: 'Every place this account is signed in, newest first; `current` marks this one.',
        response: { 200: ref(SessionList), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => account.listSessions(request.actor),
  );

  app.delete(
    '/v1/me/sessions/:id',
    {
      config: { access: self },
      schema: {
        operationId: 'endMySession',
        tags,
        summary: 'End one of my sessions',
        description:
          'Signs this account out in that place (a lost laptop, a shared computer). 404 for any other session.',
        params: IdParams,
        response: { 204: { description: 'Ended.', type: 'null' }, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await account.endSession(request.actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/me/password',
    {
      config: { access: self },
      schema: {
        operationId: 'changeMyPassword',
        tags,
        summary: 'Change my password',
        description:
          'Needs the current password (or the one-time password an administrator set). Every other session of the account ends; this one carries on.',
        body: ref(PasswordChange),
        response: { 204: { description: 'Changed.', type: 'null' }, ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      await account.changePassword(request.actor, request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send(null);
    },
  );
};
