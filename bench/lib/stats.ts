// The few statistics the bench reports: medians (robust to the odd slow sample on a shared machine) and
// the median of paired ratios, which cancels drift that affects both members of a pair alike.
export function median(values: readonly number[]): number {
  if (!values.length) throw new Error('median of no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median of `a[i] / b[i]`: each pair was measured back to back, so each ratio saw the same machine state. */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('paired samples differ in length');
  return median(a.map((value, index) => value / b[index]!));
}

export const ms = (value: number, digits = 1): string => value.toFixed(digits);
export const times = (ratio: number): string => `${ratio.toFixed(2)}×`;
export const kB = (bytes: number): string => (bytes / 1000).toFixed(1);
export const mB = (bytes: number): string => (bytes / 1_000_000).toFixed(2);

/** "met" or "not met" for a target, with the figure it was judged on. */
export function verdict(met: boolean): string {
  return met ? 'met' : '**not met**';
}
