import { base, en, en_GB, Faker } from '@faker-js/faker';
import {
  directoryLocations,
  directoryServices,
  organisations,
  people,
  postcodeCentroids,
  serviceAtLocations,
  serviceSchedules,
  type Database,
} from '@threefold/db';
import { nhsNumberFromSeed, normalisePostcode } from '@threefold/domain';
import { loadConfig } from '../config.js';
import { openDatabase } from '../database.js';
import { seedArgs } from './args.js';
import { seedActivity } from './seed-activity.js';

const ethnicities = [
  'A1',
  'A2',
  'A3',
  'A4',
  'A5',
  'B1',
  'B2',
  'B3',
  'B4',
  'C1',
  'C2',
  'C3',
  'C4',
  'C5',
  'D1',
  'D2',
  'D3',
  'E1',
  'E2',
];
const supportReasons = [
  'physical-support',
  'sensory-support',
  'memory-and-cognition',
  'learning-disability',
  'mental-health',
  'social-support',
];
// Faker's en_GB locale has no names of its own and invents impossible postcodes, so the most
// common names among English adults and real Shropshire outward codes are listed here.
export const femaleNames = [
  'Margaret',
  'Jean',
  'Patricia',
  'Susan',
  'Christine',
  'Elizabeth',
  'Mary',
  'Linda',
  'Janet',
  'Barbara',
  'Sandra',
  'Carol',
  'Joan',
  'Sheila',
  'Pauline',
  'Valerie',
  'Dorothy',
  'Brenda',
  'Julie',
  'Karen',
  'Sarah',
  'Emma',
  'Claire',
  'Helen',
  'Rachel',
  'Amy',
  'Laura',
  'Sophie',
  'Aisha',
  'Priya',
  'Fatima',
  'Agnieszka',
  'Siân',
  'Bethan',
];
export const maleNames = [
  'John',
  'David',
  'Michael',
  'Peter',
  'Robert',
  'William',
  'James',
  'Brian',
  'Alan',
  'Kenneth',
  'Anthony',
  'Richard',
  'Stephen',
  'Paul',
  'Keith',
  'Derek',
  'Raymond',
  'Colin',
  'Graham',
  'Trevor',
  'Mark',
  'Andrew',
  'Gareth',
  'Daniel',
  'Thomas',
  'Matthew',
  'Mohammed',
  'Imran',
  'Rajesh',
  'Tomasz',
  'Dylan',
  'Rhys',
];
export const familyNames = [
  'Smith',
  'Jones',
  'Williams',
  'Taylor',
  'Brown',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Johnson',
  'Roberts',
  'Robinson',
  'Thompson',
  'Wright',
  'Walker',
  'White',
  'Edwards',
  'Hughes',
  'Green',
  'Hall',
  'Lewis',
  'Harris',
  'Clarke',
  'Patel',
  'Jackson',
  'Wood',
  'Turner',
  'Martin',
  'Cooper',
  'Hill',
  'Ward',
  'Morris',
  'Moore',
  'Clark',
  'Lee',
  'King',
  'Baker',
  'Harrison',
  'Morgan',
  'Allen',
  'James',
  'Scott',
  'Phillips',
  'Watson',
  'Davis',
  'Parker',
  'Price',
  'Bennett',
  'Young',
  'Griffiths',
  "O'Brien",
  'Khan',
  'Ahmed',
  'Kowalski',
  'Nowak',
  'Pritchard',
  'Bowen',
  'Corbett',
  'Hammond',
  'Lloyd',
];
export const towns: [string, string[]][] = [
  ['Shrewsbury', ['SY1', 'SY2', 'SY3']],
  ['Telford', ['TF1', 'TF2', 'TF3', 'TF7']],
  ['Oswestry', ['SY10', 'SY11']],
  ['Ludlow', ['SY8']],
  ['Bridgnorth', ['WV15', 'WV16']],
  ['Market Drayton', ['TF9']],
  ['Whitchurch', ['SY13']],
  ['Church Stretton', ['SY6']],
];
/**
 * The names people are really known by, for the given names above that have one in common use
 * in England ("Peggy" for Margaret, "Bill" for William). Names with none are never shortened.
 */
export const knownAsNames: Readonly<Record<string, readonly string[]>> = {
  Margaret: ['Peggy', 'Maggie', 'Meg'],
  Patricia: ['Pat', 'Trish'],
  Susan: ['Sue'],
  Christine: ['Chris', 'Chrissie'],
  Elizabeth: ['Liz', 'Betty', 'Beth'],
  Valerie: ['Val'],
  Dorothy: ['Dot', 'Dottie'],
  Barbara: ['Babs'],
  Sandra: ['Sandy'],
  Pauline: ['Polly'],
  Rachel: ['Rach'],
  Agnieszka: ['Aga'],
  John: ['Jack', 'Johnny'],
  David: ['Dave', 'Dai'],
  Michael: ['Mike', 'Mick'],
  Peter: ['Pete'],
  Robert: ['Bob', 'Rob', 'Bobby'],
  William: ['Bill', 'Billy', 'Will'],
  James: ['Jim', 'Jimmy'],
  Kenneth: ['Ken', 'Kenny'],
  Anthony: ['Tony'],
  Richard: ['Rich', 'Dick'],
  Stephen: ['Steve'],
  Raymond: ['Ray'],
  Andrew: ['Andy'],
  Daniel: ['Dan', 'Danny'],
  Thomas: ['Tom', 'Tommy'],
  Matthew: ['Matt'],
  Tomasz: ['Tomek'],
};

/** Roughly where each town is, so seeded services and postcodes sit in the right places. */
export const townCentres: Readonly<Record<string, readonly [number, number]>> = {
  Shrewsbury: [52.7077, -2.7541],
  Telford: [52.6766, -2.4469],
  Oswestry: [52.8598, -3.0538],
  Ludlow: [52.3675, -2.7183],
  Bridgnorth: [52.5331, -2.4185],
  'Market Drayton': [52.9036, -2.4836],
  Whitchurch: [52.969, -2.6821],
  'Church Stretton': [52.5384, -2.8038],
};

export const inwardLetters = 'ABDEFGHJLNPQRSTUWXYZ';

const orgKinds: [string, string][] = [
  ['Befriending', 'Volunteers who visit or phone people who are lonely, every week.'],
  ['Community Hub', 'A drop-in with tea, advice and activities, open to everyone.'],
  ['Carers Centre', 'Information, breaks and peer groups for unpaid carers.'],
  ['Men in Sheds', 'A workshop where men share skills, make things and have a natter.'],
  ['Lunch Club', 'A hot two-course lunch and company for older people, with transport.'],
  ['Walking Group', 'Gentle led walks of about an hour, at an easy pace.'],
  ['Food Bank', 'Emergency food parcels on referral, and help with what lies behind the need.'],
  ['Advice Service', 'Free advice on benefits, debt, housing and work.'],
];

/** A real name the person goes by, for about a quarter of those whose name has one; else none. */
function knownAsOf(givenName: string, faker: Faker): string | null {
  const choices = knownAsNames[givenName];
  const goesBy = faker.datatype.boolean(0.25);
  return choices && goesBy ? faker.helpers.arrayElement(choices) : null;
}

export interface SeedOptions {
  seed: number;
  people: number;
  organisations: number;
}

/**
 * Realistic, clearly fake demo data: English names and places from faker's en_GB locale, NHS
 * numbers from the 999 test range, e-mail at example.org, phone numbers from Ofcom's drama
 * range. The same seed always gives the same records, and seeding twice adds nothing.
 */
export function demoData({ seed, people: peopleCount, organisations: orgCount }: SeedOptions) {
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(seed);
  // Every organisation has a name of its own: each town has at most one of each kind, and past
  // that a second one takes the name of the street it meets on.
  const usedNames = new Set<string>();
  const orgTowns: string[] = [];
  const orgs = Array.from({ length: orgCount }, () => {
    const [town] = faker.helpers.arrayElement(towns);
    orgTowns.push(town);
    const [kind, about] = faker.helpers.arrayElement(orgKinds);
    let name = `${town} ${kind}`;
    while (usedNames.has(name)) name = `${faker.location.street()} ${kind}, ${town}`;
    usedNames.add(name);
    return {
      id: faker.string.uuid(),
      name,
      description: about,
      email: `hello.${faker.string.alphanumeric(6).toLowerCase()}@example.org`,
      phone: `01632 ${faker.string.numeric(6)}`,
      website: `https://example.org/${faker.string.alphanumeric(8).toLowerCase()}`,
      kind: faker.helpers.arrayElement(['partner', 'community'] as const),
    };
  });
  const persons = Array.from({ length: peopleCount }, (_, i) => {
    const sex = faker.person.sexType();
    const givenName = faker.helpers.arrayElement(sex === 'female' ? femaleNames : maleNames);
    const familyName = faker.helpers.arrayElement(familyNames);
    const [town, outwards] = faker.helpers.arrayElement(towns);
    const inward = `${faker.number.int(9)}${faker.string.fromCharacters(inwardLetters, 2)}`;
    const postcode = normalisePostcode(`${faker.helpers.arrayElement(outwards)} ${inward}`);
    const dateOfBirth = faker.date.birthdate({ mode: 'age', min: 18, max: 98 }).toISOString().slice(0, 10);
    return {
      id: faker.string.uuid(),
      givenName,
      familyName,
      preferredName: knownAsOf(givenName, faker),
      dateOfBirth,
      gender: sex === 'female' ? 'female' : 'male',
      ethnicity: faker.helpers.arrayElement(ethnicities),
      nhsNumber: nhsNumberFromSeed(seed * 100_003 + i),
      addressLine1: faker.location.streetAddress(),
      town,
      postcode,
      phone: `07700 900${faker.string.numeric(3)}`,
      email: `${givenName}.${familyName}.${faker.string.numeric(3)}@example.org`
        .toLowerCase()
        .replace(/[^a-z0-9.@]/g, ''),
      preferredLanguage: faker.helpers.weightedArrayElement([
        { weight: 90, value: 'English' },
        { weight: 4, value: 'Polish' },
        { weight: 3, value: 'Punjabi' },
        { weight: 3, value: 'Welsh' },
      ]),
      interpreterNeeded: faker.datatype.boolean(0.03),
      primarySupportReason: faker.helpers.arrayElement(supportReasons),
      // The release 2 flags, from the person's number rather than the generator, so every other
      // seeded value stays as it was; Has_Unpaid_Carer is mandatory, so recorded for everyone.
      hasUnpaidCarer: i % 3 === 0,
      visualImpairment: i % 11 === 0,
      hearingImpairment: i % 7 === 0,
      dementia: i % 9 === 0,
      autism: i % 17 === 0 ? 'autism' : i % 23 === 0 ? 'aspergers' : 'none',
      consentToShare: faker.datatype.boolean(0.8),
      restricted: faker.datatype.boolean(0.01),
    };
  });
  // Drawn after the people, so the people of a seed stay as they were before the directory was seeded.
  const near = ([lat, long]: readonly [number, number], spreadKm: number) =>
    [
      Math.round((lat + faker.number.float({ min: -1, max: 1 }) * (spreadKm / 111)) * 1e5) / 1e5,
      Math.round((long + faker.number.float({ min: -1, max: 1 }) * (spreadKm / 68)) * 1e5) / 1e5,
    ] as const;
  // Each seeded person's postcode, placed in their town, so a directory search near them finds something.
  const centroids = new Map<string, { postcode: string; outcode: string; latitude: number; longitude: number }>();
  for (const person of persons) {
    const [latitude, longitude] = near(townCentres[person.town]!, 2);
    const outcode = person.postcode.split(' ')[0]!;
    centroids.set(person.postcode, { postcode: person.postcode, outcode, latitude, longitude });
  }
  // One service for each organisation, held in its town, on a weekday.
  const directory = orgs.map((org, i) => {
    const town = orgTowns[i]!;
    const [latitude, longitude] = near(townCentres[town]!, 1);
    const serviceId = faker.string.uuid();
    const locationId = faker.string.uuid();
    const opens = faker.helpers.arrayElement(['09:30', '10:00', '11:30', '13:30']);
    return {
      service: {
        id: serviceId,
        organisationId: org.id,
        name: org.name.replace(`${town} `, ''),
        description: org.description,
        email: org.email,
        phone: org.phone,
        costPence: faker.helpers.arrayElement([0, 0, 0, 250, 450]),
        costOption: 'a visit',
        minimumAge: faker.helpers.arrayElement([null, 18, 60]),
      },
      location: {
        id: locationId,
        organisationId: org.id,
        name: faker.helpers.arrayElement(['Community centre', 'Church hall', 'Library', 'Town hall']),
        addressLine1: faker.location.streetAddress(),
        town,
        latitude,
        longitude,
      },
      at: { id: faker.string.uuid(), serviceId, locationId },
      schedule: {
        id: faker.string.uuid(),
        serviceId,
        weekday: faker.helpers.arrayElement(['MO', 'TU', 'WE', 'TH', 'FR'] as const),
        opensAt: opens,
        closesAt: `${String(Number(opens.slice(0, 2)) + 2).padStart(2, '0')}${opens.slice(2)}`,
      },
    };
  });
  return { organisations: orgs, people: persons, directory, postcodes: [...centroids.values()] };
}

/** The directory a new practice starts with: each organisation's service, where and when, and the people's postcodes. */
export async function seedDirectory(db: Database, data: ReturnType<typeof demoData>) {
  if (data.directory.length === 0 && data.postcodes.length === 0) return { services: 0, postcodes: 0 };
  return db.transaction(async (tx) => {
    if (data.directory.length === 0) return { services: 0, postcodes: 0 };
    const services = await tx
      .insert(directoryServices)
      .values(data.directory.map((d) => d.service))
      .onConflictDoNothing()
      .returning({ id: directoryServices.id });
    await tx
      .insert(directoryLocations)
      .values(data.directory.map((d) => d.location))
      .onConflictDoNothing();
    await tx
      .insert(serviceAtLocations)
      .values(data.directory.map((d) => d.at))
      .onConflictDoNothing();
    await tx
      .insert(serviceSchedules)
      .values(data.directory.map((d) => d.schedule))
      .onConflictDoNothing();
    let postcodes = 0;
    for (let i = 0; i < data.postcodes.length; i += 500) {
      const rows = await tx
        .insert(postcodeCentroids)
        .values(data.postcodes.slice(i, i + 500))
        .onConflictDoNothing()
        .returning({ postcode: postcodeCentroids.postcode });
      postcodes += rows.length;
    }
    return { services: services.length, postcodes };
  });
}

async function main(): Promise<void> {
  const values = seedArgs();
  const options = {
    seed: Number(values.seed),
    people: Number(values.people),
    organisations: Number(values.organisations),
    days: Number(values.days),
    contactsPerDay: Number(values['contacts-per-day']),
  };
  for (const [k, v] of Object.entries(options)) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${k} must be a whole number`);
  }
  const config = loadConfig();
  const database = await openDatabase(config, (m) => console.log(m), { shareRunningEmbedded: true });
  try {
    const data = demoData(options);
    const { db } = database.client;
    const added = { people: 0, organisations: 0 };
    await db.transaction(async (tx) => {
      for (let i = 0; i < data.organisations.length; i += 500) {
        const rows = await tx
          .insert(organisations)
          .values(data.organisations.slice(i, i + 500))
          .onConflictDoNothing()
          .returning({ id: organisations.id });
        added.organisations += rows.length;
      }
      for (let i = 0; i < data.people.length; i += 500) {
        const rows = await tx
          .insert(people)
          .values(data.people.slice(i, i + 500))
          .onConflictDoNothing()
          .returning({ id: people.id });
        added.people += rows.length;
      }
    });
    const seededDirectory = await seedDirectory(db, data);
    console.log(
      `seed ${options.seed}: added ${added.people} people, ${added.organisations} organisations, ${seededDirectory.services} directory services and ${seededDirectory.postcodes} postcodes`,
    );
    // The practice's recent work, for the dashboards: about the people above who are not restricted.
    const activity = await seedActivity(db, {
      seed: options.seed,
      days: options.days,
      contactsPerDay: options.contactsPerDay,
      personIds: data.people.filter((p) => !p.restricted).map((p) => p.id),
    });
    console.log(
      `seed ${options.seed}: added ${activity.contacts} contacts, ${activity.stories} stories, ${activity.conversations} conversations, ${activity.budgets} budgets and ${activity.concerns} safeguarding concerns over ${options.days} days`,
    );
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
