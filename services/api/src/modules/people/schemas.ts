import { relationshipTypes } from '@threefold/domain';
import { Type, type Static } from 'typebox';
import { NextCursor } from '../../platform/pagination.js';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Boolean>>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const IsoDate = (description: string) => Type.String({ format: 'date', maxLength: 10, description });

/** The fields a person's record holds, all optional on update. */
const personFields = {
  givenName: Type.String({ minLength: 1, maxLength: 100 }),
  familyName: Type.String({ minLength: 1, maxLength: 100 }),
  preferredName: Nullable(Text(100, 'What they like to be called.')),
  dateOfBirth: Nullable(IsoDate('Not in the future.')),
  dateOfDeath: Nullable(IsoDate('Not before the date of birth.')),
  gender: Nullable(Text(50)),
  ethnicity: Nullable(Text(10, 'National ethnic category code (e.g. A1, B2).')),
  nhsNumber: Nullable(Text(13, 'Ten digits with a valid modulus 11 check digit; spaces allowed.')),
  councilPersonId: Nullable(Text(50)),
  addressLine1: Nullable(Text(200)),
  addressLine2: Nullable(Text(200)),
  town: Nullable(Text(100)),
  postcode: Nullable(Text(10, 'A UK postcode.')),
  phone: Nullable(Text(40)),
  email: Nullable(Text(320)),
  preferredLanguage: Nullable(Text(60)),
  interpreterNeeded: Type.Boolean(),
  communicationNeeds: Nullable(Text(2000)),
  gpPracticeCode: Nullable(Text(10)),
  primarySupportReason: Nullable(Text(60)),
  accommodationStatus: Nullable(Text(60)),
  employmentStatus: Nullable(Text(60)),
  // Client Level Data release 2 (Visual_Impairment, Hearing_Impairment, Dementia,
  // Autism_Spectrum_Disorder_ASD, Has_Unpaid_Carer) and SAC SG1e; null is "not recorded".
  visualImpairment: Nullable(Type.Boolean({ description: 'Visual impairment (with hearing: dual sensory loss).' })),
  hearingImpairment: Nullable(Type.Boolean({ description: 'Hearing impairment (with visual: dual sensory loss).' })),
  dementia: Nullable(Type.Boolean({ description: 'Has dementia.' })),
  autism: Type.Union([StringEnum(['autism', 'aspergers', 'none'] as const), Type.Null()], {
    description:
      "Autism as SAC SG1e splits it: `autism` (excluding Asperger's syndrome / high functioning autism), `aspergers` (Asperger's syndrome / high functioning autism), `none`.",
  }),
  hasUnpaidCarer: Nullable(Type.Boolean({ description: 'Has an unpaid carer (Client Level Data: mandatory).' })),
  consentToShare: Type.Boolean({
    description: 'Consent to share with partners; its date is recorded when it changes.',
  }),
  consentScope: Nullable(Text(500)),
  advocacyNeed: Type.Boolean(),
  restricted: Type.Boolean({
    description: 'Hidden from search for colleagues without access; opening needs a recorded reason.',
  }),
};

type Fields = typeof personFields;
const optionalAll = Object.fromEntries(Object.entries(personFields).map(([k, v]) => [k, Type.Optional(v)])) as {
  [K in keyof Fields]: ReturnType<typeof Type.Optional<Fields[K]>>;
};

export const NewPerson = Strict(
  {
    ...optionalAll,
    givenName: personFields.givenName,
    familyName: personFields.familyName,
    confirmNotDuplicate: Type.Optional(
      Type.Boolean({
        description: 'Create even though likely duplicates were found (they were checked and are other people).',
      }),
    ),
  },
  { $id: 'NewPerson', title: 'NewPerson' },
);
export type NewPersonBody = Static<typeof NewPerson>;

export const PersonChanges = Strict(
  { ...optionalAll, reason: Type.Optional(Text(500, 'Why the record is being corrected.')) },
  { $id: 'PersonChanges', title: 'PersonChanges', description: 'Corrections; the previous version is kept.' },
);
export type PersonChangesBody = Static<typeof PersonChanges>;

export const Person = Strict(
  {
    id: Id,
    ...personFields,
    consentRecordedAt: Type.Union([Type.String({ format: 'date-time', maxLength: 40 }), Type.Null()]),
    mergedIntoId: Type.Union([Id, Type.Null()]),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
    createdAt: Type.String({ format: 'date-time', maxLength: 40 }),
    updatedAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { $id: 'Person', title: 'Person' },
);
export type PersonBody = Static<typeof Person>;

export const PersonMatch = Strict(
  {
    id: Id,
    givenName: Text(100),
    familyName: Text(100),
    preferredName: Type.Union([Text(100), Type.Null()]),
    dateOfBirth: Type.Union([Type.String({ format: 'date', maxLength: 10 }), Type.Null()]),
    nhsNumber: Type.Union([Text(10), Type.Null()]),
    postcode: Type.Union([Text(10), Type.Null()]),
    restricted: Type.Boolean(),
    score: Type.Number({ minimum: 0, maximum: 10, description: 'How well it matches; higher first.' }),
  },
  { $id: 'PersonMatch', title: 'PersonMatch' },
);

export const PersonSearchPage = Strict(
  { items: Type.Array(ref(PersonMatch), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'PersonSearchPage', title: 'PersonSearchPage' },
);

export const PersonVersion = Strict(
  {
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
    changedFields: Type.Array(Text(60), { maxItems: 60 }),
    changedByType: Text(20),
    changedById: Type.Union([Text(100), Type.Null()]),
    reason: Type.Union([Text(500), Type.Null()]),
    changedAt: Type.String({ format: 'date-time', maxLength: 40 }),
    data: Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), {
      description: 'The record as it was at this version.',
    }),
  },
  { $id: 'PersonVersion', title: 'PersonVersion' },
);

export const PersonHistory = Strict(
  { items: Type.Array(ref(PersonVersion), { maxItems: 10000 }) },
  { $id: 'PersonHistory', title: 'PersonHistory' },
);

export const RelationshipType = StringEnum(relationshipTypes, { $id: 'RelationshipType', title: 'RelationshipType' });

export const Relationship = Strict(
  {
    id: Id,
    pairId: Id,
    personId: Id,
    relatedPersonId: Id,
    relatedPersonName: Text(210),
    type: ref(RelationshipType),
    isMainCarer: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  {
    $id: 'Relationship',
    title: 'Relationship',
    description: 'Read from this person’s side: “<person> is <type> <related person>”.',
  },
);

export const RelationshipList = Strict(
  { items: Type.Array(ref(Relationship), { maxItems: 1000 }) },
  { $id: 'RelationshipList', title: 'RelationshipList' },
);

export const NewRelationship = Strict(
  {
    relatedPersonId: Id,
    type: ref(RelationshipType),
    isMainCarer: Type.Optional(Type.Boolean({ description: 'For caring relationships: the main unpaid carer.' })),
  },
  { $id: 'NewRelationship', title: 'NewRelationship' },
);

export const MergeRequest = Strict(
  { duplicateId: Type.String({ format: 'uuid', maxLength: 36, description: 'The record to fold into this one.' }) },
  { $id: 'MergeRequest', title: 'MergeRequest' },
);

export const PersonMerge = Strict(
  {
    id: Id,
    survivorId: Id,
    mergedId: Id,
    moved: Type.Record(Type.String({ maxLength: 40 }), Type.Array(Id, { maxItems: 100000 })),
    mergedAt: Type.String({ format: 'date-time', maxLength: 40 }),
    undoneAt: Type.Union([Type.String({ format: 'date-time', maxLength: 40 }), Type.Null()]),
  },
  { $id: 'PersonMerge', title: 'PersonMerge' },
);

const Rows = (maxItems: number, description: string) =>
  Type.Array(Type.Record(Type.String({ maxLength: 60 }), Type.Unknown()), { maxItems, description });

export const SubjectAccessRecord = Strict(
  {
    person: ref(Person),
    history: Type.Array(ref(PersonVersion), { maxItems: 10000 }),
    relationships: Type.Array(ref(Relationship), { maxItems: 1000 }),
    contacts: Type.Array(Type.Record(Type.String({ maxLength: 60 }), Type.Unknown()), { maxItems: 100000 }),
    safeguardingConcerns: Type.Array(Type.Record(Type.String({ maxLength: 60 }), Type.Unknown()), { maxItems: 10000 }),
    merges: Type.Array(ref(PersonMerge), { maxItems: 100 }),
    stories: Rows(10000, 'Their stories: each time they came to the practice.'),
    conversations: Rows(10000, 'Every conversation: who took part, what matters, strengths, outputs.'),
    notes: Rows(100000, 'Case notes with their current text (drafts too: they are held).'),
    eligibilityDeterminations: Rows(1000, 'Eligibility decisions and their reasons.'),
    personalBudgets: Rows(1000, 'Personal budgets with their support plans.'),
    carePlans: Rows(1000, 'A link to each care and support plan as written for them.'),
    reviews: Rows(10000, 'Reviews of their plans.'),
    connections: Rows(10000, 'Connections to partner organisations: what was shared and why.'),
    documents: Rows(10000, 'A manifest of documents held, with a link to each one still held.'),
    safeguardingEnquiries: Rows(1000, 'Safeguarding enquiries (third parties’ information marked for review).'),
    warnings: Rows(1000, 'Warnings on their record.'),
    tasks: Rows(100000, 'Tasks about them.'),
    writtenRecords: Rows(10000, 'Links to every letter and record written for them (HTML or PDF).'),
    sharedWith: Type.Array(
      Strict({
        recipientType: Text(20),
        recipientId: Text(100),
        recipientName: Text(200),
        what: Text(200),
        at: Type.String({ format: 'date-time', maxLength: 40 }),
      }),
      {
        maxItems: 100000,
        description:
          'Every organisation and council outside the practice that received any of it, and when: disclosures to council and partner systems, partner organisations sent a connection, webhook deliveries and statutory returns.',
      },
    ),
    accessLog: Type.Array(
      Strict({
        at: Type.String({ format: 'date-time', maxLength: 40 }),
        actorType: Text(20),
        actorRole: Type.Union([Text(200), Type.Null()]),
        action: Text(100),
        outcome: Text(10),
      }),
      { maxItems: 1000000, description: 'Every recorded read and change of the record.' },
    ),
    exportedAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  {
    $id: 'SubjectAccessRecord',
    title: 'SubjectAccessRecord',
    description: 'Everything held about the person (UK GDPR Art. 15).',
  },
);

export const peopleSchemas = [
  NewPerson,
  PersonChanges,
  Person,
  PersonMatch,
  PersonSearchPage,
  PersonVersion,
  PersonHistory,
  RelationshipType,
  Relationship,
  RelationshipList,
  NewRelationship,
  MergeRequest,
  PersonMerge,
  SubjectAccessRecord,
];
