import { describe, expect, it } from 'vitest';
import { capitalise, countOf, formatDate, formatDayDate, formatNumber, formatShortDate, lowerFirst, pluralOf } from '.';

describe('the console’s one formatter', () => {
  it('writes dates as people in England read them', () => {
    expect(formatDate('1943-06-21')).toBe('21 June 1943');
    expect(formatDayDate('2026-12-08')).toBe('Tue 8 December');
    expect(formatShortDate('2026-06-03')).toBe('3 Jun');
    // Not a date: shown as given, never "Invalid Date".
    expect(formatDayDate('soon')).toBe('soon');
  });

  it('groups thousands and counts nouns that agree', () => {
    expect(formatNumber(1040)).toBe('1,040');
    expect(formatNumber(null)).toBe('—');
    expect(countOf(1, 'story', 'stories')).toBe('1 story');
    expect(countOf(0, 'story', 'stories')).toBe('0 stories');
    expect(countOf(2, 'working day')).toBe('2 working days');
    expect(countOf(1040, 'contact')).toBe('1,040 contacts');
    expect(pluralOf(1, 'decision')).toBe('decision');
  });

  it('capitalises a need’s name and runs a sentence on after a colon, keeping the weekday’s capital', () => {
    expect(capitalise('managing and maintaining nutrition')).toBe('Managing and maintaining nutrition');
    expect(lowerFirst('Due Tue 8 December')).toBe('due Tue 8 December');
    expect(capitalise('')).toBe('');
  });
});
