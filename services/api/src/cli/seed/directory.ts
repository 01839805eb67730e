import type { Faker } from '@faker-js/faker';
import {
  directoryLocations,
  directoryServices,
  postcodeCentroids,
  serviceAtLocations,
  serviceSchedules,
  type Database,
} from '@threefold/db';
import { insertNew } from './insert.js';
import { towns, townCentres } from './names.js';

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

/** The seed's partner and community organisations, and the town each is in. */
export function drawOrganisations(faker: Faker, orgCount: number) {
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
  return { orgs, orgTowns };
}

/**
 * The directory: one service for each organisation, and each person's postcode placed in their
 * town. Drawn after the people, so the people of a seed stay as they were before the directory was seeded.
 */
export function drawDirectory(
  faker: Faker,
  orgs: ReturnType<typeof drawOrganisations>['orgs'],
  orgTowns: string[],
  persons: { postcode: string; town: string }[],
) {
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
  return { directory, postcodes: [...centroids.values()] };
}

/** The directory a new practice starts with: each organisation's service, where and when, and the people's postcodes. */
export async function seedDirectory(db: Database, data: ReturnType<typeof drawDirectory>) {
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
    const postcodes = await insertNew(tx, postcodeCentroids, data.postcodes);
    return { services: services.length, postcodes };
  });
}
