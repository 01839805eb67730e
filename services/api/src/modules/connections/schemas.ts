import { Type, type Static, type TSchema } from 'typebox';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { ref, Strict, StringEnum } from '../../schemas/common.js';

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Stamp = Type.String({ format: 'date-time', maxLength: 40 });
export const connectionStatusList = ['offered', 'accepted', 'declined', 'completed', 'withdrawn'] as const;
export const contactRoutes = ['phone', 'email', 'letter', 'visit', 'through_practice'] as const;

export const NewConnection = Strict(
  {
    personId: Uuid,
    conversationId: Type.Optional(Nullable(Uuid)),
    serviceId: Type.Optional(Nullable(Uuid)),
    organisationId: Type.Optional(
      Nullable({ ...Uuid, description: 'A partner organisation, when no particular service is meant.' }),
    ),
    consentToShare: Type.Boolean({ description: 'The person agreed to share what is below with the organisation.' }),
    lawfulOverrideReason: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 2000,
          description: 'Without consent: the lawful basis and why sharing is necessary (e.g. vital interests).',
        }),
      ),
    ),
    contactRoute: StringEnum(contactRoutes, { description: 'How the organisation should reach the person.' }),
    contactDetail: Type.Optional(
      Nullable(Type.String({ maxLength: 300, description: 'The number, address or email.' })),
    ),
    whatMatters: Type.Optional(
      Type.String({ maxLength: 4000, description: 'What matters to the person, in their words.' }),
    ),
    ask: Type.String({ minLength: 1, maxLength: 4000, description: 'What the practice asks of the organisation.' }),
    sharedDetail: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 4000,
          description: 'Anything else the practitioner chose to share (e.g. a health detail the person agreed to).',
        }),
      ),
    ),
  },
  { $id: 'NewConnection', title: 'NewConnection' },
);
export type NewConnectionBody = Static<typeof NewConnection>;

export const ConnectionStep = Strict(
  {
    status: StringEnum(connectionStatusList),
    note: Nullable(Type.String({ maxLength: 4000 })),
    byType: StringEnum(['user', 'client'] as const),
    at: Stamp,
  },
  { $id: 'ConnectionStep', title: 'ConnectionStep' },
);

export const Connection = Strict(
  {
    id: Uuid,
    status: StringEnum(connectionStatusList),
    person: Strict({
      name: Type.String({ maxLength: 400 }),
      preferredName: Nullable(Type.String({ maxLength: 200 })),
    }),
    serviceId: Nullable(Uuid),
    serviceName: Nullable(Type.String({ maxLength: 300 })),
    organisationId: Uuid,
    organisationName: Type.String({ maxLength: 300 }),
    contactRoute: StringEnum(contactRoutes),
    contactDetail: Nullable(Type.String({ maxLength: 300 })),
    whatMatters: Type.String({ maxLength: 4000 }),
    ask: Type.String({ maxLength: 4000 }),
    sharedDetail: Nullable(Type.String({ maxLength: 4000 })),
    reason: Nullable(Type.String({ maxLength: 4000, description: 'Why it was declined or withdrawn.' })),
    outcome: Nullable(Type.String({ maxLength: 4000, description: 'What came of it, once completed.' })),
    createdAt: Stamp,
    updatedAt: Stamp,
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
    // The practice's own fields: never in a partner's projection.
    personId: Type.Optional(Uuid),
    conversationId: Type.Optional(Nullable(Uuid)),
    consentToShare: Type.Optional(Type.Boolean()),
    lawfulOverrideReason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    steps: Type.Optional(Type.Array(ref(ConnectionStep), { maxItems: 50 })),
    organisationLinked: Type.Optional(
      Type.Boolean({
        description:
          'On the answer to making a connection: whether the organisation has a partner client of its own, so it is sent ' +
          'the connection. When false nobody has told them: the practitioner gets in touch with them.',
      }),
    ),
  },
  {
    $id: 'Connection',
    title: 'Connection',
    description:
      'A person connected to a service or partner organisation. A partner client receives only its projection: the ' +
      'person’s name, the contact route, what matters, the ask and what the practitioner chose to share — never the ' +
      'person’s id, consent record, or the practice’s own steps.',
  },
);
export type ConnectionBody = Static<typeof Connection>;

export const ConnectionPage = Strict(
  { items: Type.Array(ref(Connection), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'ConnectionPage', title: 'ConnectionPage' },
);

export const ConnectionListQuery = Strict({
  personId: Type.Optional({ ...Uuid, description: 'Colleagues: one person’s connections.' }),
  organisationId: Type.Optional({ ...Uuid, description: 'Colleagues: those addressed to one organisation.' }),
  status: Type.Optional(StringEnum(connectionStatusList)),
  updatedSince: Type.Optional(
    Type.String({
      format: 'date-time',
      maxLength: 40,
      description: 'Only connections changed after this instant: pull with the last `updatedAt` you hold.',
    }),
  ),
  ...PageQuery,
});

export const DeclineOrWithdraw = Strict(
  { reason: Type.String({ minLength: 1, maxLength: 4000 }) },
  { $id: 'ConnectionReason', title: 'ConnectionReason' },
);
export const Complete = Strict(
  { outcome: Type.String({ minLength: 1, maxLength: 4000 }) },
  { $id: 'ConnectionOutcome', title: 'ConnectionOutcome' },
);
export const Accept = Strict(
  { note: Type.Optional(Type.String({ maxLength: 4000 })) },
  { $id: 'ConnectionAcceptance', title: 'ConnectionAcceptance' },
);

export const connectionSchemas: TSchema[] = [
  NewConnection,
  ConnectionStep,
  Connection,
  ConnectionPage,
  DeclineOrWithdraw,
  Complete,
  Accept,
];
