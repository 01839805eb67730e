import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileCont } from '../src/statistics.js';

/** percentile_cont over the values themselves, as SQL defines it. */
function naive(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!);
}

describe('percentileCont', () => {
  it('gives the median and 90th percentile of whole days as PostgreSQL does', () => {
    const bins = [
      { value: 3, count: 1 },
      { value: 0, count: 1 },
      { value: 1, count: 1 },
    ];
    expect(percentileCont(bins, 0.5)).toBe(1);
    expect(percentileCont(bins, 0.9)).toBeCloseTo(2.6, 10); // 1 + 0.8 × (3 − 1)
    expect(percentileCont([{ value: 7, count: 4 }], 0.9)).toBe(7);
    expect(
      percentileCont(
        [
          { value: 2, count: 1 },
          { value: 10, count: 1 },
        ],
        0.5,
      ),
    ).toBe(6);
  });

  it('is null with no values, and ignores empty bins', () => {
    expect(percentileCont([], 0.5)).toBeNull();
    expect(percentileCont([{ value: 5, count: 0 }], 0.5)).toBeNull();
    expect(
      percentileCont(
        [
          { value: 5, count: 0 },
          { value: 2, count: 2 },
        ],
        0.5,
      ),
    ).toBe(2);
  });

  it('refuses a percentile outside 0–1', () => {
    expect(() => percentileCont([{ value: 1, count: 1 }], 1.5)).toThrow(RangeError);
    expect(() => percentileCont([{ value: 1, count: 1 }], Number.NaN)).toThrow(RangeError);
  });

  it('equals the percentile of the values the histogram stands for', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: fc.integer({ min: -50, max: 400 }), count: fc.integer({ min: 0, max: 30 }) }), {
          maxLength: 20,
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (bins, p) => {
          const values = bins.flatMap((b) => Array.from({ length: b.count }, () => b.value));
          const expected = naive(values, p);
          const actual = percentileCont(bins, p);
          if (expected === null) expect(actual).toBeNull();
          else expect(actual).toBeCloseTo(expected, 9);
        },
      ),
    );
  });
});
