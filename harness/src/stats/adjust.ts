// Adjusted p-values for a family of tests (the cells of a comparison table): a cell is significant when its
// adjusted p-value is <= alpha. Both return values in the input's order, monotone in the raw p-values, capped at 1.
//
// Which one: a comparison table is a screen (figures x phases x variants, dozens of cells, most with no real
// difference); use Benjamini-Hochberg. It keeps the expected share of false discoveries among the cells called
// significant at alpha, and when nothing differs at all it is also a family-wise guarantee (no cell is flagged in
// 95% of A/A tables). Holm keeps the chance of even one false claim at alpha whatever is true, and pays for it with
// power that falls with every cell added: use it for a few claims stated before the run ("sync replication loses no
// writes and costs < 20% p99"), not for a table.

function checkP(p: readonly number[]): void {
  for (const x of p) if (!(x >= 0 && x <= 1)) throw new RangeError(`p-values must be in [0, 1], got ${x}`);
}

/** Indices of p in ascending order of p (stable, so equal p-values keep their order). */
function ascendingOrder(p: readonly number[]): number[] {
  return p.map((_, i) => i).sort((i, j) => p[i]! - p[j]! || i - j);
}

/** Holm's step-down: the i-th smallest (1-based) of m gets max over j <= i of (m - j + 1) p_(j). Controls FWER. */
export function holmAdjust(p: readonly number[]): number[] {
  checkP(p);
  const m = p.length;
  const adjusted = new Array<number>(m);
  let running = 0;
  ascendingOrder(p).forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}

/** Benjamini-Hochberg's step-up: the i-th smallest of m gets min over j >= i of m p_(j) / j. Controls FDR. */
export function benjaminiHochbergAdjust(p: readonly number[]): number[] {
  checkP(p);
  const m = p.length;
  const adjusted = new Array<number>(m);
  const order = ascendingOrder(p);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank]!;
    // p * (m / rank) rather than m * p / rank: the factor is >= 1, so rounding cannot take the result below p.
    running = Math.min(running, p[index]! * (m / (rank + 1)));
    adjusted[index] = running;
  }
  return adjusted;
}
