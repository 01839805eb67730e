import { contactChannels, contactMadeBy, contactOutcomes, routesOfAccess } from '@threefold/domain';
import { Type, type Static } from 'typebox';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });

export const ContactOutcome = StringEnum(contactOutcomes, {
  $id: 'ContactOutcome',
  title: 'ContactOutcome',
  description:
    'What came of the contact. Information and advice, connection to community and no further action resolve it at the front door.',
});
export const RouteOfAccess = StringEnum(routesOfAccess, {
  $id: 'RouteOfAccess',
  title: 'RouteOfAccess',
  description: 'The national route-of-access list.',
});

const outcomeFields = {
  outcome: ref(ContactOutcome),
  reason: Type.Optional(Type.String({ maxLength: 1000, description: 'Required for no further action.' })),
  concernSummary: Type.Optional(
    Type.String({
      maxLength: 4000,
      description: 'For a safeguarding concern: what happened and the person’s immediate safety.',
    }),
  ),
};

export const ContactPersonDetails = Strict(
  {
    givenName: Type.String({ minLength: 1, maxLength: 100 }),
    familyName: Type.String({ minLength: 1, maxLength: 100 }),
    dateOfBirth: Type.Optional(Type.String({ format: 'date', maxLength: 10 })),
    nhsNumber: Type.Optional(Type.String({ maxLength: 13 })),
    postcode: Type.Optional(Type.String({ maxLength: 10 })),
    councilPersonId: Type.Optional(Type.String({ maxLength: 50 })),
  },
  {
    $id: 'ContactPersonDetails',
    title: 'ContactPersonDetails',
    description: 'Enough to find the person (NHS number, or name and date of birth) or, failing that, to record them.',
  },
);

export const NewContact = Strict(
  {
    occurredAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Defaults to now.' })),
    channel: StringEnum(contactChannels),
    madeBy: StringEnum(contactMadeBy),
    routeOfAccess: ref(RouteOfAccess),
    whatMatters: Type.String({ maxLength: 4000, description: 'What matters to the person, in their own words.' }),
    notes: Type.Optional(Type.String({ maxLength: 8000 })),
    teamId: Type.Optional(Id),
    personId: Type.Optional(Id),
    person: Type.Optional(ref(ContactPersonDetails)),
    outcome: Type.Optional(ref(ContactOutcome)),
    reason: outcomeFields.reason,
    concernSummary: outcomeFields.concernSummary,
  },
  { $id: 'NewContact', title: 'NewContact', description: 'Name the person (`personId`) or describe them (`person`).' },
);
export type NewContactBody = Static<typeof NewContact>;

export const ContactOutcomeRequest = Strict(outcomeFields, {
  $id: 'ContactOutcomeRequest',
  title: 'ContactOutcomeRequest',
});
export type ContactOutcomeBody = Static<typeof ContactOutcomeRequest>;

export const Contact = Strict(
  {
    id: Id,
    personId: Type.Union([Id, Type.Null()]),
    personName: Type.Optional(
      Type.Union([Type.String({ maxLength: 210 }), Type.Null()], {
        description: 'In lists: the person’s name, so a list needs no read per row.',
      }),
    ),
    personMatchedBy: Type.Optional(
      StringEnum(['person_id', 'nhs_number', 'name_and_date_of_birth', 'created'] as const),
    ),
    teamId: Type.Union([Id, Type.Null()]),
    occurredAt: Instant,
    channel: StringEnum(contactChannels),
    madeBy: StringEnum(contactMadeBy),
    routeOfAccess: ref(RouteOfAccess),
    whatMatters: Type.String({ maxLength: 4000 }),
    notes: Type.String({ maxLength: 8000 }),
    source: StringEnum(['console', 'council_system', 'partner'] as const),
    outcome: Type.Union([ref(ContactOutcome), Type.Null()]),
    outcomeReason: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
    resolvedAt: Type.Union([Instant, Type.Null()]),
    resolvedAtFirstContact: Type.Boolean(),
    safeguardingConcernId: Type.Union([Id, Type.Null()]),
    storyId: Type.Union([Id, Type.Null()], {
      description:
        'When the outcome is a conversation: the person’s story it opened, or the open story it joined (`/v1/stories/{id}`).',
    }),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
    createdAt: Instant,
  },
  { $id: 'Contact', title: 'Contact' },
);
export type ContactBody = Static<typeof Contact>;

export const ContactPage = Strict(
  { items: Type.Array(ref(Contact), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'ContactPage', title: 'ContactPage' },
);

export const ContactQuery = Strict({
  from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  teamId: Type.Optional(Id),
  personId: Type.Optional(Id),
  outcome: Type.Optional(
    StringEnum([...contactOutcomes, 'none'] as const, { description: '`none`: contacts still open.' }),
  ),
  source: Type.Optional(StringEnum(['console', 'council_system', 'partner'] as const)),
  ...PageQuery,
});

export const contactSchemas = [
  ContactOutcome,
  RouteOfAccess,
  ContactPersonDetails,
  NewContact,
  ContactOutcomeRequest,
  Contact,
  ContactPage,
];
