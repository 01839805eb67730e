import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advocacyProblems, advocacyTest } from '../src/advocacy.js';
import { advocateRequired, type AdvocacyNeed } from '../src/conversations.js';

const difficulty = { understanding: false, retaining: true, weighing: false, communicating: false };
const none = { understanding: false, retaining: false, weighing: false, communicating: false };
const withPerson: AdvocacyNeed = {
  substantialDifficulty: difficulty,
  appropriatePersonAvailable: true,
  advocateRecorded: false,
};

const advocacy: fc.Arbitrary<AdvocacyNeed> = fc.record({
  substantialDifficulty: fc.record({
    understanding: fc.boolean(),
    retaining: fc.boolean(),
    weighing: fc.boolean(),
    communicating: fc.boolean(),
  }),
  appropriatePersonAvailable: fc.boolean(),
  advocateRecorded: fc.boolean(),
  possibleDeprivationOfLiberty: fc.option(fc.boolean(), { nil: undefined }),
  nhsHospitalStay28Days: fc.option(fc.boolean(), { nil: undefined }),
  nhsCareHome8Weeks: fc.option(fc.boolean(), { nil: undefined }),
  nhsAccommodationAdvocateInBestInterests: fc.option(fc.boolean(), { nil: undefined }),
  disagreementWithAppropriatePerson: fc.option(fc.boolean(), { nil: undefined }),
  advocateAgreedWithAppropriatePerson: fc.option(fc.boolean(), { nil: undefined }),
});

describe('the advocacy test (Care Act s67; Independent Advocacy Support (No. 2) Regulations 2014 reg 4)', () => {
  it('s67: substantial difficulty and no appropriate person means an advocate', () => {
    expect(advocacyTest({ ...withPerson, appropriatePersonAvailable: false })).toEqual({
      substantialDifficulty: true,
      required: true,
      grounds: ['s67_no_appropriate_person'],
    });
    expect(advocacyTest(withPerson).required).toBe(false);
  });

  it('reg 4(2): a possible deprivation of liberty needs an advocate even with an appropriate person', () => {
    expect(advocacyTest({ ...withPerson, possibleDeprivationOfLiberty: true }).grounds).toEqual([
      'reg4_deprivation_of_liberty',
    ]);
  });

  it('reg 4(3): an NHS-arranged hospital stay of 28 days+ or care home stay of 8 weeks+, when in their best interests', () => {
    const hospital = { ...withPerson, nhsHospitalStay28Days: true, nhsAccommodationAdvocateInBestInterests: true };
    expect(advocacyTest(hospital).grounds).toEqual(['reg4_nhs_accommodation']);
    const home = { ...withPerson, nhsCareHome8Weeks: true, nhsAccommodationAdvocateInBestInterests: true };
    expect(advocacyTest(home).required).toBe(true);
    expect(advocacyTest({ ...home, nhsAccommodationAdvocateInBestInterests: false }).required).toBe(false);
  });

  it('reg 4(4): disagreement with the appropriate person, when both agree an advocate would help', () => {
    const disagree = {
      ...withPerson,
      disagreementWithAppropriatePerson: true,
      advocateAgreedWithAppropriatePerson: true,
    };
    expect(advocacyTest(disagree).grounds).toEqual(['reg4_disagreement']);
    expect(advocacyTest({ ...disagree, advocateAgreedWithAppropriatePerson: false }).required).toBe(false);
  });

  it('names every ground when an advocate is missing, and nothing once one is recorded', () => {
    const all = {
      ...withPerson,
      appropriatePersonAvailable: false,
      possibleDeprivationOfLiberty: true,
    };
    const [problem] = advocacyProblems(all, 'the plan is signed off');
    expect(problem!.code).toBe('advocate_required');
    expect(problem!.detail).toContain('s67(4)');
    expect(problem!.detail).toContain('reg 4(2)');
    expect(advocacyProblems({ ...all, advocateRecorded: true }, 'x')).toEqual([]);
  });

  it('property: without substantial difficulty no advocate is ever required, whatever else is true', () => {
    fc.assert(
      fc.property(advocacy, (a) => {
        expect(advocacyTest({ ...a, substantialDifficulty: none })).toEqual({
          substantialDifficulty: false,
          required: false,
          grounds: [],
        });
      }),
    );
  });

  it('property: with difficulty and no appropriate person an advocate is always required', () => {
    fc.assert(
      fc.property(advocacy, (a) => {
        fc.pre(Object.values(a.substantialDifficulty).some(Boolean));
        expect(advocacyTest({ ...a, appropriatePersonAvailable: false }).required).toBe(true);
      }),
    );
  });

  it('property: with an appropriate person, required exactly when a reg 4 case holds', () => {
    fc.assert(
      fc.property(advocacy, (a) => {
        const b = { ...a, appropriatePersonAvailable: true };
        const difficult = Object.values(b.substantialDifficulty).some(Boolean);
        const reg4 =
          !!b.possibleDeprivationOfLiberty ||
          (!!(b.nhsHospitalStay28Days || b.nhsCareHome8Weeks) && !!b.nhsAccommodationAdvocateInBestInterests) ||
          (!!b.disagreementWithAppropriatePerson && !!b.advocateAgreedWithAppropriatePerson);
        expect(advocacyTest(b).required).toBe(difficult && reg4);
        expect(advocateRequired(b)).toBe(difficult && reg4);
      }),
    );
  });

  it('property: a problem is raised exactly when required and no advocate is recorded', () => {
    fc.assert(
      fc.property(advocacy, (a) => {
        expect(advocacyProblems(a, 'x').length === 1).toBe(advocacyTest(a).required && !a.advocateRecorded);
      }),
    );
  });
});
