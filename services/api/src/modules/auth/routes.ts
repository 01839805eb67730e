import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.js';
import { unauthenticated } from '../../errors.js';
import { problems, ref } from '../../schemas/common.js';
import { Session, SignInRequest, SignInStep, TotpEnrolment, TotpRequest, type SessionBody } from './schemas.js';
import { accountRoutes } from './account-routes.js';
import { SESSION_COOKIE, type SessionView } from './service.js';

const tags = ['auth'];

export function sessionBody(view: SessionView): SessionBody {
  return {
    user: {
      id: view.principal.userId,
      email: view.email,
      displayName: view.principal.displayName,
      roles: view.principal.roles,
      teamIds: view.principal.teamIds,
    },
    csrfToken: view.session.csrfToken,
    idleExpiresAt: view.session.idleExpiresAt.toISOString(),
    absoluteExpiresAt: view.session.absoluteExpiresAt.toISOString(),
    passwordChangeRequired: view.passwordMustChange,
  };
}

export const authRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.NODE_ENV !== 'development',
    path: '/',
  };
  const setCookie = (reply: FastifyReply, token: string, maxAgeSeconds: number) =>
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: maxAgeSeconds });
  const pendingOnly = (view: SessionView | undefined) => {
    if (!view || view.session.state !== 'awaiting_totp') throw unauthenticated();
    return view;
  };

  app.post(
    '/v1/auth/sign-in',
    {
      config: { access: { public: true } },
      schema: {
        operationId: 'signIn',
        tags,
        summary: 'Sign in, step one: email and password',
        description:
          'Checks the email address and password. Success sets a session cookie that can only be used for the second step ' +
          '(`/v1/auth/totp`). An unknown account and a wrong password get the same answer; repeated failures are held back.',
        security: [],
        body: ref(SignInRequest),
        response: { 200: ref(SignInStep), ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { token, next } = await app.authService.signIn(
        request.body.email,
        request.body.password,
        request.ip,
        request.headers['user-agent'],
      );
      setCookie(reply, token, 5 * 60);
      return { next };
    },
  );

  app.post(
    '/v1/auth/totp/enrolment',
    {
      config: { access: { public: true } },
      schema: {
        operationId: 'beginTotpEnrolment',
        tags,
        summary: 'Sign in, first time: enrol an authenticator',
        description:
          'For an account with no authenticator yet, after step one: a new TOTP secret as a QR code and as text.',
        security: [{ session: [] }],
        response: { 200: ref(TotpEnrolment), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request) => app.authService.beginEnrolment(pendingOnly(request.session)),
  );

  app.post(
    '/v1/auth/totp',
    {
      config: { access: { public: true } },
      schema: {
        operationId: 'completeSignIn',
        tags,
        summary: 'Sign in, step two: the code from the authenticator',
        description: 'Turns the pending session into a working one and returns it with its CSRF token.',
        security: [{ session: [] }],
        body: ref(TotpRequest),
        response: { 200: ref(Session), ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const pending = pendingOnly(request.session);
      // The session gets a new token now the second factor is in: the one from step one stops working.
      const { token } = await app.authService.completeTotp(pending, request.body.code, request.ip);
      setCookie(reply, token, config.SESSION_ABSOLUTE_HOURS * 3600);
      const view = await app.authService.resolve(token);
      if (!view) throw unauthenticated();
      return sessionBody(view);
    },
  );

  app.get(
    '/v1/auth/session',
    {
      config: { access: { permission: 'session:self' } },
      schema: {
        operationId: 'getSession',
        tags,
        summary: 'The signed-in colleague',
        description: 'The current session, its CSRF token and when it expires; 401 when not signed in.',
        security: [{ session: [] }],
        response: { 200: ref(Session), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => {
      if (!request.session) throw unauthenticated();
      return sessionBody(request.session);
    },
  );

  app.post(
    '/v1/auth/sign-out',
    {
      config: { access: { public: true } },
      schema: {
        operationId: 'signOut',
        tags,
        summary: 'Sign out',
        description: 'Ends this session (if there is one) and clears its cookie.',
        security: [{ session: [] }],
        response: { 204: { description: 'Signed out.', type: 'null' }, ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      if (request.session) await app.authService.signOut(request.session.session.id, request.session.session.userId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send(null);
    },
  );

  await app.register(accountRoutes, { config });
};
