import type { Faker } from '@faker-js/faker';
import { nhsNumberFromSeed, normalisePostcode } from '@threefold/domain';
import {
  ethnicities,
  familyNames,
  femaleNames,
  inwardLetters,
  knownAsNames,
  maleNames,
  supportReasons,
  towns,
} from './names.js';

/** A real name the person goes by, for about a quarter of those whose name has one; else none. */
function knownAsOf(givenName: string, faker: Faker): string | null {
  const choices = knownAsNames[givenName];
  const goesBy = faker.datatype.boolean(0.25);
  return choices && goesBy ? faker.helpers.arrayElement(choices) : null;
}

/** The seed's people, drawn from `faker` in turn (the order of draws is the seed's: keep it). */
export function drawPeople(faker: Faker, seed: number, peopleCount: number) {
  return Array.from({ length: peopleCount }, (_, i) => {
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
}
