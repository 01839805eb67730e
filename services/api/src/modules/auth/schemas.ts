import { Type, type Static } from 'typebox';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

export const SignInRequest = Strict(
  {
    email: Type.String({ minLength: 3, maxLength: 320, format: 'email' }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { $id: 'SignInRequest', title: 'SignInRequest' },
);

export const SignInStep = Strict(
  {
    next: StringEnum(['totp', 'enrol-totp'] as const, {
      description: '`totp`: send the code from the authenticator; `enrol-totp`: first sign-in, enrol an authenticator.',
    }),
  },
  { $id: 'SignInStep', title: 'SignInStep' },
);

export const TotpRequest = Strict(
  { code: Type.String({ pattern: '^[0-9]{6}$', maxLength: 6, description: 'The six-digit code.' }) },
  { $id: 'TotpRequest', title: 'TotpRequest' },
);

export const TotpEnrolment = Strict(
  {
    otpauthUri: Type.String({ maxLength: 1000, format: 'uri' }),
    qrCodeSvg: Type.String({ maxLength: 200_000, description: 'The otpauth URI as an SVG QR code.' }),
    secret: Type.String({
      maxLength: 200,
      pattern: '^[A-Z2-7]+=*$',
      description: 'The same secret, to type in by hand.',
    }),
  },
  { $id: 'TotpEnrolment', title: 'TotpEnrolment' },
);

export const SessionUser = Strict(
  {
    id: Type.String({ format: 'uuid', maxLength: 36 }),
    email: Type.String({ maxLength: 320, format: 'email' }),
    displayName: Type.String({ maxLength: 200 }),
    roles: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }),
    teamIds: Type.Array(Type.String({ format: 'uuid', maxLength: 36 }), { maxItems: 100 }),
  },
  { $id: 'SessionUser', title: 'SessionUser' },
);

export const Session = Strict(
  {
    user: ref(SessionUser),
    csrfToken: Type.String({
      maxLength: 100,
      description: 'Send as `x-csrf-token` on every POST, PUT, PATCH and DELETE.',
    }),
    idleExpiresAt: Type.String({ format: 'date-time', maxLength: 40 }),
    absoluteExpiresAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { $id: 'Session', title: 'Session', description: 'The signed-in colleague and their session.' },
);
export type SessionBody = Static<typeof Session>;

export const authSchemas = [SignInRequest, SignInStep, TotpRequest, TotpEnrolment, SessionUser, Session];
