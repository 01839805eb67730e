import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirect';

describe('safeRedirect', () => {
  it.each([
    ['/people/42?tab=story#notes', '/people/42?tab=story#notes'],
    ['/', '/'],
    [undefined, '/'],
    [null, '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['people', '/'],
    ['/sign-in?redirect=/x', '/'],
    ['/sign-out', '/'],
    ['/sign-inside-story', '/sign-inside-story'],
  ])('%s → %s', (given, expected) => {
    expect(safeRedirect(given)).toBe(expected);
  });

  it('takes the first of repeated values', () => {
    expect(safeRedirect(['/audit', '/people'])).toBe('/audit');
  });
});
