import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';

// Search and the duplicate check find names through the distinct name parts (trigrams over family
// and given names, then a btree join) and double metaphone, each arm bounded.
let t: TestContext;
let practitioner: SignedIn;

beforeAll(async () => {
  t = await createTestContext();
  practitioner = await t.signedIn('practitioner');
  for (const [g, f, dob] of [
    ['Margaret', 'Hammond', '1941-03-02'],
    ['Gwendolen', 'Featherstonehaugh', '1933-08-19'],
    ['Thomas', 'Oakenshaw', null],
  ] as const) {
    await t.newPerson({ givenName: g, familyName: f, ...(dob ? { dateOfBirth: dob } : {}), confirmNotDuplicate: true });
  }
});
afterAll(() => t.close());

const search = async (q: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/v1/people?q=${encodeURIComponent(q)}`,
    headers: practitioner.headers,
  });
  expect(res.statusCode).toBe(200);
  return (res.json().items as { givenName: string; familyName: string }[]).map((h) => `${h.givenName} ${h.familyName}`);
};

const createPerson = (body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/v1/people', headers: practitioner.headers, payload: body });

describe('finding a misspelt name through its parts', () => {
  it('finds a family name with a letter dropped or two letters swapped', async () => {
    expect((await search('Margaret Hamond'))[0]).toBe('Margaret Hammond');
    expect((await search('Gwendolen Featherstonheaugh'))[0]).toBe('Gwendolen Featherstonehaugh');
  });

  it('finds a given name misspelt with the family name right, and both misspelt', async () => {
    expect((await search('Mragaret Hammond'))[0]).toBe('Margaret Hammond');
    expect((await search('Gwendolin Featherstonhaugh'))[0]).toBe('Gwendolen Featherstonehaugh');
  });

  it('finds by a misspelt family name alone', async () => {
    expect(await search('Okenshaw')).toContain('Thomas Oakenshaw');
  });

  it('narrows a misspelt name by date of birth', async () => {
    expect(await search('Margret Hammond 02/03/1941')).toEqual(['Margaret Hammond']);
    expect(await search('Margret Hammond 03/03/1941')).toEqual([]);
  });
});

describe('the duplicate check', () => {
  it('without a date of birth is bounded: at most five candidates, best first', async () => {
    for (let i = 0; i < 7; i++) {
      expect(
        (await createPerson({ givenName: 'Ann', familyName: 'Jones', confirmNotDuplicate: true })).statusCode,
      ).toBe(201);
    }
    await createPerson({ givenName: 'Anne', familyName: 'Jonas', confirmNotDuplicate: true });
    const dup = await createPerson({ givenName: 'Ann', familyName: 'Jones' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('possible_duplicate');
    const scores = (dup.json().candidates as { label: string; score: number }[]).map((c) => c.score);
    expect(scores).toHaveLength(5);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(dup.json().candidates[0].label).toBe('Ann Jones');
  });

  it('leaves out the same name born on another day, and finds a misspelt one without a date of birth', async () => {
    const other = await createPerson({ givenName: 'Margaret', familyName: 'Hammond', dateOfBirth: '1950-01-01' });
    expect(other.statusCode).toBe(201);
    const dup = await createPerson({ givenName: 'Tomas', familyName: 'Oakenshaw' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().candidates[0].label).toBe('Thomas Oakenshaw');
  });
});
