// Sorting and medians shared by the stats files. NaN has no place in an ordering, so it is refused here, once.

/** A sorted copy (ascending); throws a RangeError on NaN, which would otherwise sort silently to an arbitrary place. */
export function sortedAscending(values: readonly number[]): number[] {
  for (const v of values) if (Number.isNaN(v)) throw new RangeError('stats: NaN in a sample (a figure was not measured?)');
  return [...values].sort((x, y) => x - y);
}

/** Median of an ascending array: the middle value, or the mean of the two middle ones. NaN when empty. */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >>> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median of any array (copied, not reordered). NaN when empty. */
export function median(values: readonly number[]): number {
  return medianOfSorted(sortedAscending(values));
}
