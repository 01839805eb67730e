/** A value and how many times it occurs: a distribution too large to list one by one. */
export interface Bin {
  value: number;
  count: number;
}

/**
 * The continuous percentile of a distribution given as a histogram, as PostgreSQL's
 * `percentile_cont` computes it over the listed values: the value at position p × (n − 1) of the
 * sorted values, interpolated between its neighbours. `null` when there are no values. Used for the
 * days from contact to first conversation, which the dashboard keeps as counts by whole days.
 */
export function percentileCont(bins: readonly Bin[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a percentile is between 0 and 1, got ${p}`);
  const sorted = bins.filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((sum, b) => sum + b.count, 0);
  if (n === 0) return null;
  const position = p * (n - 1);
  const lower = Math.floor(position);
  const valueAt = (index: number): number => {
    let seen = 0;
    for (const bin of sorted) {
      seen += bin.count;
      if (index < seen) return bin.value;
    }
    return sorted.at(-1)!.value;
  };
  const below = valueAt(lower);
  const fraction = position - lower;
  return fraction === 0 ? below : below + fraction * (valueAt(lower + 1) - below);
}
