import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

/** A little directory around Shrewsbury: postcodes, a taxonomy, and services at known places. */
export const postcodesCsv = [
  'postcode,latitude,longitude',
  'SY1 1AA,52.7080,-2.7530',
  'SY1 2BB,52.7150,-2.7400',
  'SY2 6ND,52.7000,-2.7200',
  'SY3 8XX,52.6950,-2.7700',
  '"TF1 1AA","52.7000","-2.5200"',
  'LL11 1AA,53.0460,-2.9930',
].join('\n');

export interface Directory {
  organisationId: string;
  partnerOrganisationId: string;
  taxonomyId: string;
  terms: { walking: string; lunch: string; advice: string };
  services: { walking: string; lunch: string; advice: string; wrexham: string };
}

export async function seedDirectory(app: FastifyInstance, headers: Record<string, string>): Promise<Directory> {
  const post = async (url: string, payload: unknown) => {
    const res = await app.inject({ method: 'POST', url, headers, payload: payload as object });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  await post('/v1/directory/postcodes', { csv: postcodesCsv });
  const community = await post('/v1/directory/organisations', {
    name: 'Shrewsbury Walkers',
    description: 'Volunteer-led walks',
    kind: 'community',
  });
  const partner = await post('/v1/directory/organisations', {
    name: 'Age Friendly Shropshire',
    kind: 'partner',
    email: 'hello@agefriendly.example',
  });
  const taxonomy = await post('/v1/directory/taxonomies', {
    name: 'Practice needs',
    description: 'What people come for',
  });
  const term = async (name: string, code: string) =>
    (await post(`/v1/directory/taxonomies/${taxonomy.id}/terms`, { name, code })).id as string;
  const terms = {
    walking: await term('Physical activity', 'activity'),
    lunch: await term('Company and food', 'food'),
    advice: await term('Money advice', 'advice'),
  };
  const walking = await post('/v1/directory/services', {
    organisationId: community.id,
    name: 'Riverside health walk',
    description: 'A gentle walk along the Severn, with tea afterwards.',
    minimumAge: 18,
    costPence: 0,
    termIds: [terms.walking],
    newLocations: [{ name: 'Quarry Park gates', postcode: 'sy1 1aa' }],
    schedules: [{ weekday: 'TU', opensAt: '10:00', closesAt: '12:00' }],
    contacts: [{ name: 'Jo Walker', phone: '01743 000000' }],
    practiceNotes: 'Jo is brilliant with people who are anxious about groups.',
  });
  const lunch = await post('/v1/directory/services', {
    organisationId: partner.id,
    name: 'Friendship lunch club',
    description: 'Hot lunch and company for older people.',
    minimumAge: 60,
    costPence: 450,
    costOption: 'per lunch',
    termIds: [terms.lunch],
    newLocations: [{ name: 'St Chad’s hall', postcode: 'SY3 8XX' }],
    schedules: [
      { weekday: 'WE', opensAt: '11:30', closesAt: '14:00' },
      { weekday: 'FR', opensAt: '11:30', closesAt: '14:00' },
    ],
  });
  const advice = await post('/v1/directory/services', {
    organisationId: partner.id,
    name: 'Benefits check',
    description: 'Money advice and help with forms.',
    termIds: [terms.advice],
    newLocations: [{ name: 'Telford office', postcode: 'TF1 1AA' }],
    schedules: [{ weekday: 'MO', opensAt: '09:00', closesAt: '17:00' }],
  });
  const wrexham = await post('/v1/directory/services', {
    organisationId: community.id,
    name: 'Wrexham walking football',
    description: 'Walking football for all ages.',
    maximumAge: 90,
    termIds: [terms.walking],
    newLocations: [{ name: 'Racecourse', latitude: 53.0521, longitude: -3.0037 }],
  });
  return {
    organisationId: community.id,
    partnerOrganisationId: partner.id,
    taxonomyId: taxonomy.id,
    terms,
    services: { walking: walking.id, lunch: lunch.id, advice: advice.id, wrexham: wrexham.id },
  };
}
