import { Type, type Static, type TSchema } from 'typebox';
import { ref, Strict, StringEnum } from '../../schemas/common.js';
import { weekdays } from './search.repository.js';

const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
const Name = Type.String({ minLength: 1, maxLength: 300 });
const Text = (maxLength = 4000) => Type.String({ maxLength });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Email = Type.String({ format: 'email', maxLength: 320 });
const Phone = Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9 +()-]+$' });
const Url = Type.String({ format: 'uri', maxLength: 2000, pattern: '^https?://' });
const Age = Type.Integer({ minimum: 0, maximum: 130, format: 'int32' });
const Time = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  maxLength: 5,
  description: '24-hour time, HH:MM.',
});
const Latitude = Type.Number({ minimum: -90, maximum: 90, format: 'double' });
const Longitude = Type.Number({ minimum: -180, maximum: 180, format: 'double' });
const Stamp = Type.String({ format: 'date-time', maxLength: 40 });
export const serviceStatuses = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;

export const Organisation = Strict(
  {
    id: Uuid,
    name: Name,
    description: Text(),
    email: Nullable(Email),
    phone: Nullable(Phone),
    website: Nullable(Url),
    kind: StringEnum(['partner', 'community'] as const, {
      description: '`partner`: works with the practice through the API (connections); `community`: listed only.',
    }),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
    updatedAt: Stamp,
  },
  { $id: 'DirectoryOrganisation', title: 'DirectoryOrganisation' },
);
export type OrganisationBody = Static<typeof Organisation>;

export const NewOrganisation = Strict(
  {
    name: Name,
    description: Type.Optional(Text()),
    email: Type.Optional(Nullable(Email)),
    phone: Type.Optional(Nullable(Phone)),
    website: Type.Optional(Nullable(Url)),
    kind: Type.Optional(StringEnum(['partner', 'community'] as const)),
  },
  { $id: 'NewDirectoryOrganisation', title: 'NewDirectoryOrganisation' },
);

export const OrganisationChanges = Strict(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Text()),
    email: Type.Optional(Nullable(Email)),
    phone: Type.Optional(Nullable(Phone)),
    website: Type.Optional(Nullable(Url)),
    kind: Type.Optional(StringEnum(['partner', 'community'] as const)),
  },
  { $id: 'DirectoryOrganisationChanges', title: 'DirectoryOrganisationChanges', minProperties: 1 },
);

const LocationFields = {
  name: Name,
  description: Type.Optional(Text(2000)),
  addressLine1: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  town: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  postcode: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  latitude: Type.Optional(Nullable(Latitude)),
  longitude: Type.Optional(Nullable(Longitude)),
};

export const NewLocation = Strict(
  {
    ...LocationFields,
  },
  {
    $id: 'NewDirectoryLocation',
    title: 'NewDirectoryLocation',
    description:
      'Where a service is delivered. Without coordinates, the postcode is looked up in the practice’s postcode table (falling back to its outward code’s centre).',
  },
);

export const Location = Strict(
  {
    id: Uuid,
    name: Name,
    description: Text(2000),
    addressLine1: Nullable(Type.String({ maxLength: 300 })),
    town: Nullable(Type.String({ maxLength: 200 })),
    postcode: Nullable(Type.String({ maxLength: 10 })),
    latitude: Nullable(Latitude),
    longitude: Nullable(Longitude),
  },
  { $id: 'DirectoryLocation', title: 'DirectoryLocation' },
);

export const ServiceContact = Strict(
  {
    name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    email: Type.Optional(Nullable(Email)),
    phone: Type.Optional(Nullable(Phone)),
  },
  { $id: 'DirectoryServiceContact', title: 'DirectoryServiceContact' },
);

export const Schedule = Strict(
  {
    weekday: StringEnum(weekdays, { description: 'Day of the week, iCal style: MO … SU.' }),
    opensAt: Time,
    closesAt: Time,
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { $id: 'DirectorySchedule', title: 'DirectorySchedule' },
);

const TermRef = Strict({ id: Uuid, name: Name, taxonomyId: Uuid, code: Nullable(Type.String({ maxLength: 100 })) });

const ServiceFields = {
  name: Name,
  description: Text(),
  url: Nullable(Url),
  email: Nullable(Email),
  phone: Nullable(Phone),
  status: StringEnum(serviceStatuses),
  minimumAge: Nullable(Age),
  maximumAge: Nullable(Age),
  eligibilityDescription: Nullable(Type.String({ maxLength: 2000 })),
  costPence: Nullable(
    Type.Integer({ minimum: 0, maximum: 100_000_000, format: 'int32', description: 'Integer pence; 0 is free.' }),
  ),
  costOption: Nullable(Type.String({ maxLength: 100, description: 'What the cost is for: per session, per week…' })),
  costDescription: Nullable(Type.String({ maxLength: 1000 })),
  practiceNotes: Type.String({ maxLength: 4000, description: 'For colleagues only; never published.' }),
};

export const Service = Strict(
  {
    id: Uuid,
    organisationId: Uuid,
    organisationName: Name,
    organisationKind: StringEnum(['partner', 'community'] as const),
    ...ServiceFields,
    taxonomyTerms: Type.Array(TermRef, { maxItems: 100 }),
    locations: Type.Array(ref(Location), { maxItems: 100 }),
    contacts: Type.Array(ref(ServiceContact), { maxItems: 50 }),
    schedules: Type.Array(ref(Schedule), { maxItems: 100 }),
    distanceKm: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 50_000, format: 'double' }))),
    version: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
    updatedAt: Stamp,
  },
  { $id: 'DirectoryService', title: 'DirectoryService' },
);
export type ServiceBody = Static<typeof Service>;

const nested = {
  termIds: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
  locationIds: Type.Optional(
    Type.Array(Uuid, {
      maxItems: 100,
      uniqueItems: true,
      description: 'Existing locations this service is delivered at.',
    }),
  ),
  newLocations: Type.Optional(Type.Array(ref(NewLocation), { maxItems: 50, description: 'New locations to add.' })),
  contacts: Type.Optional(Type.Array(ref(ServiceContact), { maxItems: 50 })),
  schedules: Type.Optional(Type.Array(ref(Schedule), { maxItems: 100 })),
};

export const NewService = Strict(
  {
    organisationId: Uuid,
    name: Name,
    description: Type.Optional(Text()),
    url: Type.Optional(ServiceFields.url),
    email: Type.Optional(ServiceFields.email),
    phone: Type.Optional(ServiceFields.phone),
    status: Type.Optional(ServiceFields.status),
    minimumAge: Type.Optional(ServiceFields.minimumAge),
    maximumAge: Type.Optional(ServiceFields.maximumAge),
    eligibilityDescription: Type.Optional(ServiceFields.eligibilityDescription),
    costPence: Type.Optional(ServiceFields.costPence),
    costOption: Type.Optional(ServiceFields.costOption),
    costDescription: Type.Optional(ServiceFields.costDescription),
    practiceNotes: Type.Optional(ServiceFields.practiceNotes),
    ...nested,
  },
  { $id: 'NewDirectoryService', title: 'NewDirectoryService' },
);
export type NewServiceBody = Static<typeof NewService>;

export const ServiceChanges = Strict(
  {
    organisationId: Type.Optional(Uuid),
    name: Type.Optional(Name),
    description: Type.Optional(Text()),
    url: Type.Optional(ServiceFields.url),
    email: Type.Optional(ServiceFields.email),
    phone: Type.Optional(ServiceFields.phone),
    status: Type.Optional(ServiceFields.status),
    minimumAge: Type.Optional(ServiceFields.minimumAge),
    maximumAge: Type.Optional(ServiceFields.maximumAge),
    eligibilityDescription: Type.Optional(ServiceFields.eligibilityDescription),
    costPence: Type.Optional(ServiceFields.costPence),
    costOption: Type.Optional(ServiceFields.costOption),
    costDescription: Type.Optional(ServiceFields.costDescription),
    practiceNotes: Type.Optional(ServiceFields.practiceNotes),
    ...nested,
  },
  {
    $id: 'DirectoryServiceChanges',
    title: 'DirectoryServiceChanges',
    minProperties: 1,
    description:
      'Fields to change. A list that is sent (terms, locations, contacts, schedules) replaces the current one.',
  },
);
export type ServiceChangesBody = Static<typeof ServiceChanges>;

export const ServiceSearchQuery = Strict({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the name or description.' })),
  termId: Type.Optional(Uuid),
  taxonomyId: Type.Optional(Uuid),
  organisationId: Type.Optional(Uuid),
  postcode: Type.Optional(
    Type.String({ maxLength: 10, description: 'Near this postcode (or outward code, e.g. `SY2`).' }),
  ),
  radiusKm: Type.Optional(
    Type.Number({ minimum: 0.1, maximum: 200, default: 5, format: 'double', description: 'With `postcode`.' }),
  ),
  day: Type.Optional(StringEnum(weekdays)),
  time: Type.Optional(Time),
  age: Type.Optional(Age),
  status: Type.Optional(StringEnum(serviceStatuses)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, format: 'int32' })),
  cursor: Type.Optional(
    Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9_-]+$', description: 'Opaque cursor from `nextCursor`.' }),
  ),
});

export const ServicePage = Strict(
  {
    items: Type.Array(ref(Service), { maxItems: 100 }),
    total: Type.Integer({ minimum: 0, maximum: 2147483647, format: 'int32' }),
    nextCursor: Nullable(Type.String({ maxLength: 100 })),
    near: Nullable(
      Strict({
        latitude: Latitude,
        longitude: Longitude,
        resolution: StringEnum(['postcode', 'outcode'] as const, {
          description: '`outcode`: the postcode itself is not loaded; the centre of its outward code was used.',
        }),
      }),
    ),
  },
  { $id: 'DirectoryServicePage', title: 'DirectoryServicePage' },
);

export const OrganisationList = Strict(
  { items: Type.Array(ref(Organisation), { maxItems: 500 }) },
  { $id: 'DirectoryOrganisationList', title: 'DirectoryOrganisationList' },
);

export const Term = Strict(
  {
    id: Uuid,
    taxonomyId: Uuid,
    code: Nullable(Type.String({ maxLength: 100 })),
    name: Name,
    description: Text(2000),
    parentId: Nullable(Uuid),
  },
  { $id: 'DirectoryTaxonomyTerm', title: 'DirectoryTaxonomyTerm' },
);

export const Taxonomy = Strict(
  {
    id: Uuid,
    name: Name,
    description: Text(2000),
    uri: Nullable(Type.String({ maxLength: 2000 })),
    version: Nullable(Type.String({ maxLength: 50 })),
    terms: Type.Array(ref(Term), { maxItems: 2000 }),
  },
  { $id: 'DirectoryTaxonomy', title: 'DirectoryTaxonomy' },
);

export const TaxonomyList = Strict(
  { items: Type.Array(ref(Taxonomy), { maxItems: 200 }) },
  { $id: 'DirectoryTaxonomyList', title: 'DirectoryTaxonomyList' },
);

export const NewTaxonomy = Strict(
  {
    name: Name,
    description: Type.Optional(Text(2000)),
    uri: Type.Optional(Nullable(Url)),
    version: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  },
  { $id: 'NewDirectoryTaxonomy', title: 'NewDirectoryTaxonomy' },
);

export const NewTerm = Strict(
  {
    name: Name,
    code: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    description: Type.Optional(Text(2000)),
    parentId: Type.Optional(Nullable(Uuid)),
  },
  { $id: 'NewDirectoryTaxonomyTerm', title: 'NewDirectoryTaxonomyTerm' },
);

export const PostcodeImport = Strict(
  {
    csv: Type.String({
      minLength: 1,
      maxLength: 900_000,
      description:
        'CSV with a header row naming `postcode`, `latitude` and `longitude` (other columns, e.g. the ONS Postcode Directory’s, are ignored). Rows replace those already loaded for the same postcode.',
    }),
  },
  { $id: 'PostcodeImport', title: 'PostcodeImport' },
);

export const PostcodeImportResult = Strict(
  {
    imported: Type.Integer({ minimum: 0, maximum: 1_000_000, format: 'int32' }),
    total: Type.Integer({ minimum: 0, maximum: 10_000_000, format: 'int32', description: 'Postcodes now loaded.' }),
  },
  { $id: 'PostcodeImportResult', title: 'PostcodeImportResult' },
);

export const directorySchemas: TSchema[] = [
  Organisation,
  NewOrganisation,
  OrganisationChanges,
  OrganisationList,
  NewLocation,
  Location,
  ServiceContact,
  Schedule,
  Service,
  NewService,
  ServiceChanges,
  ServicePage,
  Term,
  Taxonomy,
  TaxonomyList,
  NewTaxonomy,
  NewTerm,
  PostcodeImport,
  PostcodeImportResult,
];
