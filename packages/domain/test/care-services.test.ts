import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../src/calendar.js';
import {
  accruedThrough,
  contributionCost,
  contributionOn,
  endAllOpen,
  endProblem,
  endService,
  isCqcLocationId,
  isLiveOn,
  newServiceProblems,
  periodStatement,
  rangesOverlap,
  resumeProblem,
  serviceCost,
  serviceStatusOn,
  servicesCost,
  suspendProblem,
  weeklyTotalOn,
  type ServiceTerm,
} from '../src/care-services.js';
import { weeklyToAnnual, weeklyToFourWeekly } from '../src/money.js';

const codes = (p: { code: string }[]) => p.map((x) => x.code);
const day = fc.integer({ min: 0, max: 20_000 }).map((n) => addDays('2000-01-01', n));

/** A service with random dates, possibly ended, possibly with closed and one open suspension. */
const service: fc.Arbitrary<ServiceTerm> = fc
  .record({
    start: day,
    weeklyPence: fc.integer({ min: 0, max: 5_000_000 }),
    gaps: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 30 })), { maxLength: 4 }),
    lastOpen: fc.boolean(),
    endAfter: fc.option(fc.integer({ min: 0, max: 800 })),
  })
  .map(({ start, weeklyPence, gaps, lastOpen, endAfter }) => {
    const suspensions: { from: string; to: string | null }[] = [];
    let cursor = start;
    gaps.forEach(([gap, len], i) => {
      const from = addDays(cursor, gap);
      const open = lastOpen && i === gaps.length - 1;
      suspensions.push({ from, to: open ? null : addDays(from, len) });
      cursor = addDays(from, len + 1);
    });
    const s: ServiceTerm = { start, weeklyPence, end: null, suspensions };
    return endAfter === null ? s : endService(s, addDays(cursor, endAfter));
  });

/** Counts live days one by one: the slow, obvious reading of the rules. */
function liveDaysByHand(s: ServiceTerm, from: string, to: string) {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (isLiveOn(s, d)) n++;
  return n;
}

describe('a care service on a day', () => {
  const s: ServiceTerm = {
    start: '2026-01-05',
    end: '2026-03-01',
    weeklyPence: 7_000,
    suspensions: [{ from: '2026-02-01', to: '2026-02-07' }],
  };

  it('is planned before its start, live, suspended in a hospital stay, and ended after its end', () => {
    expect(serviceStatusOn(s, '2026-01-04')).toBe('planned');
    expect(serviceStatusOn(s, '2026-01-05')).toBe('live');
    expect(serviceStatusOn(s, '2026-02-01')).toBe('suspended');
    expect(serviceStatusOn(s, '2026-02-07')).toBe('suspended');
    expect(serviceStatusOn(s, '2026-02-08')).toBe('live');
    expect(serviceStatusOn(s, '2026-03-01')).toBe('live');
    expect(serviceStatusOn(s, '2026-03-02')).toBe('ended');
  });

  it('costs exactly its weekly amount for a whole live week, and nothing in a suspended one', () => {
    expect(serviceCost(s, '2026-01-05', '2026-01-11')).toBe(7_000);
    expect(serviceCost(s, '2026-02-01', '2026-02-07')).toBe(0);
    expect(serviceCost(s, '2026-01-05', '2026-03-01')).toBe(7_000 * 7);
  });

  it('a budget’s weekly total is the sum of the services live that day', () => {
    const other: ServiceTerm = { start: '2026-02-01', end: null, weeklyPence: 1_234, suspensions: [] };
    expect(weeklyTotalOn([s, other], '2026-01-20')).toBe(7_000);
    expect(weeklyTotalOn([s, other], '2026-02-03')).toBe(1_234);
    expect(weeklyTotalOn([s, other], '2026-02-10')).toBe(8_234);
  });
});

describe('service rules', () => {
  const open: ServiceTerm = { start: '2026-01-05', end: null, weeklyPence: 100, suspensions: [] };

  it('refuses amounts that are not whole pence or negative, and an end before the start', () => {
    expect(codes(newServiceProblems({ weeklyPence: 10.5, start: '2026-01-01' }))).toEqual(['weekly_amount_not_pence']);
    expect(codes(newServiceProblems({ weeklyPence: -1, start: '2026-01-01' }))).toEqual(['weekly_amount_negative']);
    expect(codes(newServiceProblems({ weeklyPence: 1, start: '2026-01-02', end: '2026-01-01' }))).toEqual([
      'end_before_start',
    ]);
    expect(newServiceProblems({ weeklyPence: 0, start: '2026-01-02', end: '2026-01-02' })).toEqual([]);
  });

  it('suspends a live service once, resumes it after, and ends it no earlier than its start', () => {
    expect(suspendProblem(open, '2026-01-04')?.code).toBe('suspension_before_start');
    expect(suspendProblem(open, '2026-01-10')).toBeNull();
    const suspended = { ...open, suspensions: [{ from: '2026-01-10', to: null }] };
    expect(suspendProblem(suspended, '2026-01-12')?.code).toBe('service_suspended');
    expect(resumeProblem(open, '2026-01-12')?.code).toBe('service_not_suspended');
    expect(resumeProblem(suspended, '2026-01-10')?.code).toBe('resume_before_suspension');
    expect(resumeProblem(suspended, '2026-01-11')).toBeNull();
    expect(endProblem(open, '2026-01-04')?.code).toBe('end_before_start');
    expect(endProblem(suspended, '2026-01-09')?.code).toBe('end_before_suspension');
    const ended = endService(suspended, '2026-01-20');
    expect(ended.suspensions).toEqual([{ from: '2026-01-10', to: '2026-01-20' }]);
    expect(endProblem(ended, '2026-01-21')?.code).toBe('service_ended');
    expect(suspendProblem(ended, '2026-01-21')?.code).toBe('service_ended');
  });

  it('two ranges overlap when they share a day; an open range runs on', () => {
    expect(rangesOverlap({ start: '2026-01-01', end: '2026-01-31' }, { start: '2026-01-31', end: null })).toBe(true);
    expect(rangesOverlap({ start: '2026-01-01', end: '2026-01-31' }, { start: '2026-02-01', end: null })).toBe(false);
    expect(rangesOverlap({ start: '2026-03-01', end: null }, { start: '2026-01-01', end: null })).toBe(true);
  });

  it('reads CQC location ids as 1- and digits', () => {
    expect(isCqcLocationId('1-123456789')).toBe(true);
    expect(isCqcLocationId('1-')).toBe(false);
    expect(isCqcLocationId('2-123')).toBe(false);
    expect(isCqcLocationId('1-12a')).toBe(false);
  });
});

describe('properties', () => {
  it('a budget’s weekly total on a day equals the sum of its live services', () => {
    fc.assert(
      fc.property(fc.array(service, { maxLength: 6 }), fc.integer({ min: -30, max: 900 }), (services, offset) => {
        const on = addDays(services[0]?.start ?? '2020-01-01', offset);
        const expected = services
          .filter((s) => serviceStatusOn(s, on) === 'live')
          .reduce((t, s) => t + s.weeklyPence, 0);
        expect(weeklyTotalOn(services, on)).toBe(expected);
      }),
    );
  });

  it('the cost of a period is whole pence, splits exactly at any day, and matches the live days', () => {
    fc.assert(
      fc.property(
        service,
        fc.integer({ min: -20, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (s, a, b, c) => {
          const from = addDays(s.start, a);
          const mid = addDays(from, b);
          const to = addDays(mid, c);
          const whole = serviceCost(s, from, to);
          expect(Number.isSafeInteger(whole)).toBe(true);
          expect(serviceCost(s, from, mid) + serviceCost(s, addDays(mid, 1), to)).toBe(whole);
          // Within a penny a day of the exact pro-rata figure, never above it over the whole life.
          const live = liveDaysByHand(s, from, to);
          expect(Math.abs(whole - (s.weeklyPence * live) / 7)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('annual and four-weekly figures stay exact in pence across changes and suspensions', () => {
    fc.assert(
      fc.property(
        fc.array(service, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        day,
        (others, weekly, start) => {
          // A service live all year (52 weeks) costs exactly its annual figure, whatever else changes.
          const steady: ServiceTerm = { start, end: null, weeklyPence: weekly, suspensions: [] };
          const yearEnd = addDays(start, 52 * 7 - 1);
          expect(serviceCost(steady, start, yearEnd)).toBe(weeklyToAnnual(weekly));
          expect(serviceCost(steady, addDays(start, 28), addDays(start, 55))).toBe(weeklyToFourWeekly(weekly));
          // The year is the sum of its 13 four-weekly periods, for any mix of services.
          const all = [steady, ...others];
          let sum = 0;
          for (let k = 0; k < 13; k++) sum += servicesCost(all, addDays(start, 28 * k), addDays(start, 28 * k + 27));
          expect(sum).toBe(servicesCost(all, start, yearEnd));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a suspension takes exactly its live days out of the cost', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 60 }),
        (start, weekly, gap, len) => {
          const plain: ServiceTerm = { start, end: null, weeklyPence: weekly, suspensions: [] };
          const from = addDays(start, gap);
          const to = addDays(from, len);
          const paused: ServiceTerm = { ...plain, suspensions: [{ from, to }] };
          const horizon = addDays(to, 30);
          expect(accruedThrough(paused, horizon)).toBe(
            Math.floor((weekly * (daysBetween(start, horizon) + 1 - (len + 1))) / 7),
          );
        },
      ),
    );
  });

  it('ending support ends everything open: nothing is live after the day', () => {
    fc.assert(
      fc.property(fc.array(service, { maxLength: 6 }), day, fc.integer({ min: 1, max: 500 }), (services, on, after) => {
        const ended = endAllOpen(services, on);
        for (const s of ended) {
          expect(s.end).not.toBeNull();
          expect(isLiveOn(s, addDays(on, after))).toBe(false);
        }
        // Services already ended by the day keep their dates; nothing up to the day changes.
        services.forEach((s, i) => {
          if (s.end !== null && s.end <= on) expect(ended[i]).toEqual(s);
          if (s.start <= on) {
            expect(serviceCost(ended[i]!, s.start, on)).toBe(serviceCost(s, s.start, on));
          }
        });
      }),
    );
  });

  it('a statement’s parts add up to its total, and the person never pays more than it', () => {
    fc.assert(
      fc.property(
        fc.array(service, { maxLength: 4 }),
        fc.array(fc.record({ from: day, weeklyPence: fc.integer({ min: 0, max: 100_000 }) }), { maxLength: 4 }),
        day,
        fc.integer({ min: 0, max: 400 }),
        (services, rates, from, len) => {
          const to = addDays(from, len);
          const st = periodStatement(services, rates, from, to);
          expect(st.personPence + st.councilPence).toBe(st.totalPence);
          expect(st.personPence).toBeGreaterThanOrEqual(0);
          expect(st.personPence).toBeLessThanOrEqual(st.totalPence);
          expect(st.days).toBe(len + 1);
        },
      ),
    );
  });

  it('a contribution is the latest rate started by the day, and accrues exactly by whole weeks', () => {
    const rates = [
      { from: '2026-01-05', weeklyPence: 3_000 },
      { from: '2026-02-02', weeklyPence: 4_500 },
    ];
    expect(contributionOn(rates, '2026-01-04')).toBe(0);
    expect(contributionOn(rates, '2026-02-01')).toBe(3_000);
    expect(contributionOn(rates, '2026-02-02')).toBe(4_500);
    expect(contributionCost(rates, '2026-01-05', '2026-02-15')).toBe(4 * 3_000 + 2 * 4_500);
  });
});
