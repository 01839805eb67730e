import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { UserPrincipal } from '../../auth/principal.js';
import type { Config } from '../../config.js';
import { forbidden, unauthenticated } from '../../errors.js';
import { IdParams, problems, ref } from '../../schemas/common.js';
import { AccountService } from './account.js';
import { PasswordChange, SessionList } from './schemas.js';

const tags = ['auth'];
const self = { permission: 'session:self' as const };

function colleague(request: FastifyRequest): UserPrincipal {
  const principal = request.principal;
  if (!principal) throw unauthenticated();
  if (principal.kind !== 'user') throw forbidden('Only a signed-in colleague has an account here.');
  return principal;
}

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
    async (request) => {
      const me = colleague(request);
      return account.listSessions(me.userId, me.sessionId);
    },
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
      const me = colleague(request);
      await account.endSession(me.userId, request.params.id);
      await request.audit({ action: 'session.end', resourceType: 'staff_user', resourceId: me.userId });
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
      const me = colleague(request);
      await account.changePassword(me.userId, me.sessionId, request.body.currentPassword, request.body.newPassword);
      await request.audit({ action: 'staff_user.password_change', resourceType: 'staff_user', resourceId: me.userId });
      return reply.code(204).send(null);
    },
  );
};
