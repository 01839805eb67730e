import { Type } from 'typebox';
import { NextCursor } from '../../platform/pagination.js';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const ScopeList = Type.Array(Type.String({ maxLength: 60, pattern: '^[a-z]+:[a-z-]+$' }), {
  maxItems: 30,
  uniqueItems: true,
});

export const TokenRequest = Strict(
  {
    grant_type: StringEnum(['client_credentials'] as const),
    client_id: Type.Optional(Type.String({ maxLength: 100 })),
    client_secret: Type.Optional(Type.String({ maxLength: 200 })),
    scope: Type.Optional(
      Type.String({ maxLength: 1000, description: 'Space-separated scopes; defaults to every granted scope.' }),
    ),
  },
  {
    $id: 'TokenRequest',
    title: 'TokenRequest',
    description: 'RFC 6749 §4.4. Client credentials may instead be sent with HTTP Basic.',
  },
);

export const TokenResponse = Strict(
  {
    access_token: Type.String({ maxLength: 4000 }),
    token_type: StringEnum(['Bearer'] as const),
    expires_in: Type.Integer({ minimum: 1, maximum: 86400, format: 'int32' }),
    scope: Type.String({ maxLength: 1000 }),
  },
  { $id: 'TokenResponse', title: 'TokenResponse' },
);

export const MachineClient = Strict(
  {
    id: Type.String({ format: 'uuid', maxLength: 36 }),
    clientId: Type.String({ maxLength: 100 }),
    name: Type.String({ maxLength: 200 }),
    kind: StringEnum(['council', 'partner'] as const),
    organisationId: Type.Union([Type.String({ format: 'uuid', maxLength: 36 }), Type.Null()]),
    scopes: ScopeList,
    rateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 100_000, format: 'int32' }),
    disabled: Type.Boolean(),
    previousSecretExpiresAt: Type.Union([Type.String({ format: 'date-time', maxLength: 40 }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time', maxLength: 40 }),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
  },
  {
    $id: 'MachineClient',
    title: 'MachineClient',
    description: 'A council system or partner organisation using the API.',
  },
);

export const MachineClientWithSecret = Strict(
  {
    client: ref(MachineClient),
    clientSecret: Type.String({
      maxLength: 200,
      description: 'Shown once. Store it in the integration’s secret store.',
    }),
  },
  { $id: 'MachineClientWithSecret', title: 'MachineClientWithSecret' },
);

export const MachineClientPage = Strict(
  { items: Type.Array(ref(MachineClient), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'MachineClientPage', title: 'MachineClientPage' },
);

export const NewMachineClient = Strict(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: StringEnum(['council', 'partner'] as const),
    organisationId: Type.Optional(
      Type.String({ format: 'uuid', maxLength: 36, description: 'Required for a partner client.' }),
    ),
    scopes: ScopeList,
    rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, format: 'int32' })),
  },
  { $id: 'NewMachineClient', title: 'NewMachineClient' },
);

export const MachineClientChanges = Strict(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    scopes: Type.Optional(ScopeList),
    rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, format: 'int32' })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { $id: 'MachineClientChanges', title: 'MachineClientChanges' },
);

export const SigningKeyRotation = Strict(
  {
    kid: Type.String({ maxLength: 100, description: 'The key id new access tokens are signed with.' }),
  },
  {
    $id: 'SigningKeyRotation',
    title: 'SigningKeyRotation',
    description: 'Tokens signed with the previous key stay valid until they expire.',
  },
);

export const clientSchemas = [
  SigningKeyRotation,
  TokenRequest,
  TokenResponse,
  MachineClient,
  MachineClientWithSecret,
  MachineClientPage,
  NewMachineClient,
  MachineClientChanges,
];
