import { base, en, en_GB, Faker } from '@faker-js/faker';
import { organisations, people } from '@threefold/db';
import { loadConfig } from '../config.js';
import { openDatabase } from '../database.js';
import { seedArgs } from './args.js';
import { seedActivity } from './seed-activity.js';
import { drawDirectory, drawOrganisations, seedDirectory } from './seed/directory.js';
import { insertNew } from './seed/insert.js';
import { drawPeople } from './seed/people.js';

// `pnpm seed`: the entry. What it seeds is drawn in seed/ (names, people, directory) and
// seed-activity.ts (the practice's recent work); tests and benches import from here.
export { familyNames, femaleNames, inwardLetters, knownAsNames, maleNames, towns, townCentres } from './seed/names.js';
export { seedDirectory } from './seed/directory.js';

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
  // The order of draws is the seed's: organisations, then people, then the directory.
  const { orgs, orgTowns } = drawOrganisations(faker, orgCount);
  const persons = drawPeople(faker, seed, peopleCount);
  const { directory, postcodes } = drawDirectory(faker, orgs, orgTowns, persons);
  return { organisations: orgs, people: persons, directory, postcodes };
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
      added.organisations = await insertNew(tx, organisations, data.organisations);
      added.people = await insertNew(tx, people, data.people);
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
