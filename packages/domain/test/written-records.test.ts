import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameToAddress } from '../src/index.js';

describe('the name a record is addressed to', () => {
  it('uses a real preferred name, and the given name in place of a truncated one', () => {
    expect(nameToAddress({ givenName: 'Christine', familyName: 'Brown', preferredName: 'Chr' })).toBe(
      'Christine Brown',
    );
    expect(nameToAddress({ givenName: 'Robert', familyName: 'Evans', preferredName: 'Bob' })).toBe('Bob Evans');
    expect(nameToAddress({ givenName: 'Ivy', familyName: 'Jones', preferredName: null })).toBe('Ivy Jones');
    expect(nameToAddress({ givenName: 'Ivy', familyName: 'Jones', preferredName: '  ' })).toBe('Ivy Jones');
  });

  it('never greets anyone by the first letters of their own given name, and always by their family name', () => {
    const name = fc.stringMatching(/^[A-Z][a-z]{1,11}$/);
    fc.assert(
      fc.property(name, name, fc.option(fc.nat({ max: 12 })), (given, family, cut) => {
        const preferred = cut === null ? null : given.slice(0, cut);
        const addressed = nameToAddress({ givenName: given, familyName: family, preferredName: preferred });
        const first = addressed.slice(0, addressed.length - family.length - 1);
        expect(addressed.endsWith(` ${family}`)).toBe(true);
        expect(first === given || !given.startsWith(first)).toBe(true);
      }),
    );
  });
});
