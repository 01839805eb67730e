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
    passwordChangeRequired: Type.Boolean({
      description:
        'An administrator reset the password: until the colleague changes it (`POST /v1/me/password`), this session may do nothing else.',
    }),
  },
  { $id: 'Session', title: 'Session', description: 'The signed-in colleague and their session.' },
);
export type SessionBody = Static<typeof Session>;

export const SessionSummary = Strict(
  {
    id: Type.String({ format: 'uuid', maxLength: 36 }),
    current: Type.Boolean({ description: 'The session this request came with.' }),
    state: StringEnum(['awaiting_totp', 'active'] as const),
    createdAt: Type.String({ format: 'date-time', maxLength: 40 }),
    lastSeenAt: Type.String({ format: 'date-time', maxLength: 40 }),
    idleExpiresAt: Type.String({ format: 'date-time', maxLength: 40 }),
    ip: Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'The address it was opened from.' }),
    userAgent: Type.Union([Type.String({ maxLength: 300 }), Type.Null()]),
  },
  { $id: 'SessionSummary', title: 'SessionSummary', description: 'One signed-in session of an account.' },
);

export const SessionList = Strict(
  { items: Type.Array(ref(SessionSummary), { maxItems: 100 }) },
  { $id: 'SessionList', title: 'SessionList' },
);

export const PasswordChange = Strict(
  {
    currentPassword: Type.String({
      minLength: 1,
      maxLength: 1024,
      description: 'The password in use now (or the one-time one).',
    }),
    newPassword: Type.String({ minLength: 12, maxLength: 1024, description: 'At least 12 characters.' }),
  },
  { $id: 'PasswordChange', title: 'PasswordChange' },
);

export const authSchemas = [
  SignInRequest,
  SignInStep,
  TotpRequest,
  TotpEnrolment,
  SessionUser,
  Session,
  SessionSummary,
  SessionList,
  PasswordChange,
];
