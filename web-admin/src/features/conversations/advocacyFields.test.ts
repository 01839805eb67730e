import { describe, expect, it } from 'vitest';
import { advocacyBody, advocacyFieldsOf, advocateRequiredBy, emptyAdvocacyFields } from './advocacyFields';

describe('the advocacy test on a plan or a review', () => {
  it('sends nothing until the test is gone through', () => {
    expect(advocacyBody(emptyAdvocacyFields())).toBeUndefined();
  });

  it('needs an advocate with an appropriate person when a regulation 4 case holds, and reads back what it sent', () => {
    const state = {
      ...emptyAdvocacyFields(),
      tested: ['yes'],
      difficulty: ['retaining'],
      appropriatePerson: ['yes'],
    };
    expect(advocateRequiredBy(state)).toBe(false);
    const deprivation = { ...state, regulation4: ['possibleDeprivationOfLiberty'] };
    expect(advocateRequiredBy(deprivation)).toBe(true);
    const body = advocacyBody(deprivation)!;
    expect(body).toMatchObject({
      substantialDifficulty: { retaining: true, understanding: false },
      appropriatePersonAvailable: true,
      possibleDeprivationOfLiberty: true,
      nhsCareHome8Weeks: false,
    });
    expect(advocacyFieldsOf(body)).toEqual(deprivation);
  });
});
