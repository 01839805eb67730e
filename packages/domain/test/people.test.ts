import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contactOutcomeProblems,
  givenNameVariants,
  inverseRelationship,
  isResolvedAtFirstContact,
  nameLetters,
  nameLettersNear,
  relationshipTypes,
} from '../src/people.js';

describe('relationships', () => {
  it('read the other way round', () => {
    expect(inverseRelationship('unpaid_carer_of')).toBe('cared_for_by');
    expect(inverseRelationship('parent_of')).toBe('child_of');
    expect(inverseRelationship('spouse_or_partner')).toBe('spouse_or_partner');
  });
  it('the inverse of the inverse is the relationship itself, for every type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...relationshipTypes), (t) => inverseRelationship(inverseRelationship(t)) === t),
    );
  });
});

describe('given-name variants', () => {
  it('finds William from Bill and Bill from William', () => {
    expect(givenNameVariants('Bill')).toContain('william');
    expect(givenNameVariants('william')).toContain('bill');
    expect(givenNameVariants('Peggy')).toContain('margaret');
  });
  it('always includes the name itself, lower-cased', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]{1,12}$/), (n) => givenNameVariants(n).includes(n.toLowerCase())),
    );
  });
  it('is symmetric: if A lists B, B lists A', () => {
    fc.assert(
      fc.property(fc.constantFrom('bill', 'peggy', 'kate', 'bob', 'liz', 'jim', 'sue'), (n) =>
        givenNameVariants(n).every((v) => givenNameVariants(v).includes(n)),
      ),
    );
  });
});

describe('contact outcomes', () => {
  it('counts information, community connection and no further action as resolved at first contact', () => {
    expect(isResolvedAtFirstContact('information_and_advice')).toBe(true);
    expect(isResolvedAtFirstContact('connected_to_community')).toBe(true);
    expect(isResolvedAtFirstContact('no_further_action')).toBe(true);
    expect(isResolvedAtFirstContact('progressed_to_conversation_1')).toBe(false);
    expect(isResolvedAtFirstContact('safeguarding_concern_raised')).toBe(false);
  });
  it('needs a reason for no further action', () => {
    expect(contactOutcomeProblems('no_further_action', ' ')).toEqual({
      reason: 'is required when there is no further action',
    });
    expect(contactOutcomeProblems('no_further_action', 'moved away')).toEqual({});
    expect(contactOutcomeProblems('information_and_advice', undefined)).toEqual({});
  });
});

describe('name letters (the key that finds a slip of the keyboard)', () => {
  const name = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 2, maxLength: 14 });

  it('are the same whatever the case, punctuation or two letters swapped', () => {
    expect(nameLetters("O'Wilns")).toBe('ilnosw');
    expect(nameLetters('Smith-Jones')).toBe(nameLetters('jonessmith'));
    fc.assert(
      fc.property(name, fc.nat(), (n, at) => {
        const i = at % (n.length - 1);
        const swapped = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
        expect(nameLetters(swapped.toUpperCase())).toBe(nameLetters(n));
        expect(nameLetters(`${n.slice(0, i)}-${n.slice(i)}`)).toBe(nameLetters(n));
      }),
    );
  });

  it('near a name typed with a letter dropped, added or two swapped include the name meant, and stay few', () => {
    fc.assert(
      fc.property(name, fc.nat(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), (meant, at, extra) => {
        const i = at % meant.length;
        const typos = [
          meant.slice(0, i) + meant.slice(i + 1),
          meant.slice(0, i) + extra + meant.slice(i),
          i < meant.length - 1 ? meant.slice(0, i) + meant[i + 1] + meant[i] + meant.slice(i + 2) : meant,
        ];
        for (const typed of typos) {
          const near = nameLettersNear(typed);
          expect(near).toContain(nameLetters(meant));
          expect(new Set(near).size).toBe(near.length);
          expect(near.length).toBeLessThanOrEqual(27 + typed.length);
        }
      }),
    );
  });

  it('do not reach two slips away', () => {
    expect(nameLettersNear('wilson')).not.toContain(nameLetters('wilsonne'));
    expect(nameLettersNear('wilson')).not.toContain(nameLetters('wison'.slice(1)));
  });
});
