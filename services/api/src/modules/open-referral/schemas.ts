import { Type, type TSchema } from 'typebox';
import { ref, Strict, StringEnum } from '../../schemas/common.js';

/**
 * Open Referral UK (HSDS 3.0, UK profile) shapes: snake_case names as the standard publishes
 * them. Only public directory data — never a person, never the practice's own notes.
 */
const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Str = (maxLength: number) => Type.String({ maxLength });
/** A field the profile types as a string or number: left out when there is no value, never `null`. */
const Opt = <T extends TSchema>(s: T) => Type.Optional(s);
/** The profile's location and address types (uk-profile schema/compiled/service.json, `location_type`, `address_type`). */
const PlaceType = StringEnum(['physical', 'postal', 'virtual'] as const);
const Count = Type.Integer({ minimum: 0, maximum: 2147483647, format: 'int32' });

export const OrTaxonomy = Strict(
  { id: Id, name: Str(300), description: Str(2000), uri: Opt(Str(2000)), version: Opt(Str(50)) },
  { $id: 'OrTaxonomy', title: 'OrTaxonomy' },
);

export const OrTaxonomyTerm = Strict(
  {
    id: Id,
    code: Opt(Str(100)),
    name: Str(300),
    description: Str(2000),
    parent_id: Opt(Id),
    taxonomy_id: Id,
    taxonomy_detail: Type.Optional(ref(OrTaxonomy)),
  },
  { $id: 'OrTaxonomyTerm', title: 'OrTaxonomyTerm' },
);

export const OrOrganization = Strict(
  {
    id: Id,
    name: Str(300),
    description: Str(4000),
    email: Opt(Str(320)),
    website: Opt(Str(2000)),
    phones: Type.Array(Strict({ number: Str(40) }), { maxItems: 5 }),
  },
  { $id: 'OrOrganization', title: 'OrOrganization' },
);

export const OrLocation = Strict(
  {
    id: Id,
    name: Str(300),
    description: Str(2000),
    location_type: PlaceType,
    latitude: Opt(Type.Number({ minimum: -90, maximum: 90, format: 'double' })),
    longitude: Opt(Type.Number({ minimum: -180, maximum: 180, format: 'double' })),
    addresses: Type.Array(
      Strict({
        id: Id,
        location_id: Id,
        address_1: Str(300),
        city: Str(200),
        state_province: Type.String({
          maxLength: 200,
          description: 'The county where the directory records one; else empty (required by the profile).',
        }),
        postal_code: Str(10),
        country: Str(2),
        address_type: PlaceType,
      }),
      { maxItems: 1 },
    ),
  },
  { $id: 'OrLocation', title: 'OrLocation' },
);

export const OrSchedule = Strict(
  {
    id: Id,
    freq: StringEnum(['WEEKLY'] as const),
    byday: StringEnum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const),
    opens_at: Type.String({ maxLength: 8, pattern: '^[0-2][0-9]:[0-5][0-9]$' }),
    closes_at: Type.String({ maxLength: 8, pattern: '^[0-2][0-9]:[0-5][0-9]$' }),
    description: Opt(Str(500)),
  },
  { $id: 'OrSchedule', title: 'OrSchedule' },
);

export const OrServiceBrief = Strict(
  {
    id: Id,
    name: Str(300),
    description: Str(4000),
    status: Str(30),
    organization: Strict({ id: Id, name: Str(300), description: Str(4000) }),
  },
  { $id: 'OrServiceBrief', title: 'OrServiceBrief' },
);

export const OrServiceAtLocation = Strict(
  {
    id: Id,
    service_id: Id,
    location_id: Id,
    service: Type.Optional(ref(OrServiceBrief)),
    location: ref(OrLocation),
    distance: Opt(
      Type.Number({ minimum: 0, maximum: 50_000_000, format: 'double', description: 'Metres from `postcode`.' }),
    ),
  },
  { $id: 'OrServiceAtLocation', title: 'OrServiceAtLocation' },
);

export const OrAttribute = Strict(
  {
    id: Id,
    link_id: Id,
    link_type: StringEnum(['service'] as const),
    taxonomy_term_id: Id,
    taxonomy_term: ref(OrTaxonomyTerm),
  },
  { $id: 'OrAttribute', title: 'OrAttribute' },
);

export const OrService = Strict(
  {
    id: Id,
    name: Str(300),
    description: Str(4000),
    url: Opt(Str(2000)),
    email: Opt(Str(320)),
    status: Str(30),
    eligibility_description: Opt(Str(2000)),
    minimum_age: Opt(Type.Integer({ minimum: 0, maximum: 130, format: 'int32' })),
    maximum_age: Opt(Type.Integer({ minimum: 0, maximum: 130, format: 'int32' })),
    last_modified: Type.String({ format: 'date-time', maxLength: 40 }),
    organization: ref(OrOrganization),
    contacts: Type.Array(
      Strict({
        id: Id,
        name: Opt(Str(200)),
        title: Opt(Str(200)),
        email: Opt(Str(320)),
        phones: Type.Array(Strict({ number: Str(40) }), { maxItems: 1 }),
      }),
      { maxItems: 50 },
    ),
    cost_options: Type.Array(
      Strict({
        id: Id,
        amount: Type.Number({ minimum: 0, maximum: 1_000_000, format: 'double', description: 'Pounds.' }),
        currency: StringEnum(['GBP'] as const),
        option: Opt(Str(100)),
        amount_description: Opt(Str(1000)),
      }),
      { maxItems: 1 },
    ),
    schedules: Type.Array(ref(OrSchedule), { maxItems: 100 }),
    service_at_locations: Type.Array(ref(OrServiceAtLocation), { maxItems: 100 }),
    attributes: Type.Array(ref(OrAttribute), {
      maxItems: 100,
      description: 'The service’s taxonomy terms, as HSDS 3.0 links them (`link_type` `service`).',
    }),
    distance: Opt(
      Type.Number({ minimum: 0, maximum: 50_000_000, format: 'double', description: 'Metres from `postcode`.' }),
    ),
  },
  { $id: 'OrService', title: 'OrService' },
);

function page(item: TSchema, id: string) {
  return Strict(
    {
      total_items: Count,
      total_pages: Count,
      page_number: Type.Integer({ minimum: 1, maximum: 2147483647, format: 'int32' }),
      size: Count,
      first_page: Type.Boolean(),
      last_page: Type.Boolean(),
      empty: Type.Boolean(),
      contents: Type.Array(item, { maxItems: 500 }),
    },
    { $id: id, title: id, description: 'The Open Referral UK list envelope.' },
  );
}

export const OrServicePage = page(ref(OrService), 'OrServicePage');
export const OrTaxonomyPage = page(ref(OrTaxonomy), 'OrTaxonomyPage');
export const OrTaxonomyTermPage = page(ref(OrTaxonomyTerm), 'OrTaxonomyTermPage');
export const OrServiceAtLocationPage = page(ref(OrServiceAtLocation), 'OrServiceAtLocationPage');

export const OrApiInfo = Strict(
  {
    version: Str(20),
    profile: Type.String({ format: 'uri', maxLength: 200 }),
    openapi_url: Type.String({ format: 'uri', maxLength: 2000 }),
  },
  { $id: 'OrApiInfo', title: 'OrApiInfo' },
);

export const openReferralSchemas: TSchema[] = [
  OrTaxonomy,
  OrTaxonomyTerm,
  OrOrganization,
  OrLocation,
  OrSchedule,
  OrServiceBrief,
  OrServiceAtLocation,
  OrAttribute,
  OrService,
  OrServicePage,
  OrTaxonomyPage,
  OrTaxonomyTermPage,
  OrServiceAtLocationPage,
  OrApiInfo,
];

const Page = {
  page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100_000, default: 1, format: 'int32', description: 'From 1.' }),
  ),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, format: 'int32' })),
};

const HhMm = (description: string) =>
  Type.Optional(Type.String({ maxLength: 5, pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description }));

/** The UK profile's age, day and time filters, worded as its openapi.json words them. */
const ProfileFilters = {
  minimum_age: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 130,
      format: 'int32',
      description: 'Services with a minimum age of at least this value.',
    }),
  ),
  maximum_age: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 130,
      format: 'int32',
      description: 'Services with a maximum age equal to or below this value.',
    }),
  ),
  day: Type.Optional(
    StringEnum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const, {
      description: 'Services with a schedule on this day.',
    }),
  ),
  start_time: HhMm('Services with a start time (opens_at) of at least this value (HH:MM).'),
  end_time: HhMm('Services with an end time (closes_at) equal to or below this value (HH:MM).'),
};

export const ServicesQuery = Strict({
  search: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the name or description.' })),
  ...Page,
  taxonomy_term_id: Type.Optional(Id),
  taxonomy_id: Type.Optional(Id),
  ...ProfileFilters,
  postcode: Type.Optional(
    Type.String({ maxLength: 10, description: 'Nearest first, from this postcode or outward code.' }),
  ),
  proximity: Type.Optional(
    Type.Integer({
      minimum: 100,
      maximum: 200_000,
      default: 8000,
      format: 'int32',
      description: 'Metres from `postcode`.',
    }),
  ),
  modified_after: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
});

export const TaxonomiesQuery = Strict({ ...Page });
export const TaxonomyTermsQuery = Strict({
  ...Page,
  taxonomy_id: Type.Optional(Id),
  search: Type.Optional(Type.String({ maxLength: 200 })),
});
export const ServiceAtLocationsQuery = Strict({
  ...Page,
  search: Type.Optional(Type.String({ maxLength: 200 })),
  taxonomy_term_id: Type.Optional(Id),
  taxonomy_id: Type.Optional(Id),
  ...ProfileFilters,
  postcode: Type.Optional(Type.String({ maxLength: 10 })),
  proximity: Type.Optional(Type.Integer({ minimum: 100, maximum: 200_000, default: 8000, format: 'int32' })),
  modified_after: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
});
