import { isValidNhsNumber, isValidPostcodeShape } from '@threefold/domain';
import { describe, expect, it } from 'vitest';
import { demoData, knownAsNames } from '../../src/cli/seed.js';

describe('demo data', () => {
  it('is repeatable from a seed number and differs between seeds', () => {
    const a = demoData({ seed: 7, people: 50, organisations: 5 });
    const b = demoData({ seed: 7, people: 50, organisations: 5 });
    const c = demoData({ seed: 8, people: 50, organisations: 5 });
    expect(b).toEqual(a);
    expect(c.people[0]!.id).not.toBe(a.people[0]!.id);
  });

  it('is clearly fake: test-range NHS numbers, example.org e-mail, drama-range phones, valid postcodes', () => {
    const { people, organisations } = demoData({ seed: 3, people: 300, organisations: 20 });
    expect(new Set(people.map((p) => p.nhsNumber)).size).toBe(300);
    for (const p of people) {
      expect(isValidNhsNumber(p.nhsNumber)).toBe(true);
      expect(p.nhsNumber.startsWith('999')).toBe(true);
      expect(p.email.endsWith('@example.org')).toBe(true);
      expect(p.phone).toMatch(/^07700 900\d{3}$/);
      expect(isValidPostcodeShape(p.postcode)).toBe(true);
      expect(p.dateOfBirth <= new Date().toISOString().slice(0, 10)).toBe(true);
    }
    for (const o of organisations) expect(o.email.endsWith('@example.org')).toBe(true);
  });

  it('gives real names people go by, or none, and every organisation a name of its own', () => {
    const { people, organisations } = demoData({ seed: 11, people: 300, organisations: 80 });
    const knownAs = people.filter((p) => p.preferredName !== null);
    expect(knownAs.length).toBeGreaterThan(10);
    for (const p of knownAs) expect(knownAsNames[p.givenName]).toContain(p.preferredName);
    expect(new Set(organisations.map((o) => o.name)).size).toBe(organisations.length);
  });
});
