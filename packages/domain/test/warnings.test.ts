import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../src/calendar.js';
import { warningReviewDateProblems, warningReviewProblems } from '../src/warnings.js';

const codes = (p: { code: string }[]) => p.map((x) => x.code);

// Any day between 2000 and 2099.
const day = fc.integer({ min: 0, max: 36_000 }).map((n) => addDays('2000-01-01', n));

describe('a warning’s review date', () => {
  it('accepts today, and twelve months ahead to the day', () => {
    expect(warningReviewDateProblems('2026-12-04', '2026-12-04')).toEqual([]);
    expect(warningReviewDateProblems('2027-12-04', '2026-12-04')).toEqual([]);
  });

  it('refuses yesterday, a day past twelve months and a date that does not exist', () => {
    expect(codes(warningReviewDateProblems('2026-12-03', '2026-12-04'))).toEqual(['review_date_in_past']);
    expect(codes(warningReviewDateProblems('2027-12-05', '2026-12-04'))).toEqual(['review_date_too_far']);
    expect(codes(warningReviewDateProblems('2027-02-29', '2026-12-04'))).toEqual(['review_date_invalid']);
  });

  it('a year from 29 February is 28 February, not March', () => {
    expect(warningReviewDateProblems('2029-02-28', '2028-02-29')).toEqual([]);
    expect(codes(warningReviewDateProblems('2029-03-01', '2028-02-29'))).toEqual(['review_date_too_far']);
  });

  it('property: a date is accepted exactly when it is between today and twelve months ahead', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -400, max: 800 }), (today, offset) => {
        const reviewOn = addDays(today, offset);
        const ok = reviewOn >= today && reviewOn <= addMonths(today, 12);
        expect(warningReviewDateProblems(reviewOn, today).length === 0).toBe(ok);
      }),
    );
  });

  it('property: every date in the past is refused as in the past', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 5000 }), (today, back) => {
        expect(codes(warningReviewDateProblems(addDays(today, -back), today))).toEqual(['review_date_in_past']);
      }),
    );
  });
});

describe('reviewing a warning', () => {
  it('keeping it needs a next review date within the rule; ending it takes none', () => {
    expect(codes(warningReviewProblems({ stillNeeded: true }, '2026-12-04'))).toEqual(['review_date_required']);
    expect(warningReviewProblems({ stillNeeded: true, nextReviewOn: '2027-03-01' }, '2026-12-04')).toEqual([]);
    expect(codes(warningReviewProblems({ stillNeeded: true, nextReviewOn: '2028-03-01' }, '2026-12-04'))).toEqual([
      'review_date_too_far',
    ]);
    expect(warningReviewProblems({ stillNeeded: false }, '2026-12-04')).toEqual([]);
    expect(codes(warningReviewProblems({ stillNeeded: false, nextReviewOn: '2027-01-01' }, '2026-12-04'))).toEqual([
      'ended_warning_has_no_review',
    ]);
  });

  it('property: a kept warning is accepted exactly when its next date would be accepted on its own', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -100, max: 500 }), (today, offset) => {
        const next = addDays(today, offset);
        expect(warningReviewProblems({ stillNeeded: true, nextReviewOn: next }, today)).toEqual(
          warningReviewDateProblems(next, today),
        );
      }),
    );
  });
});
