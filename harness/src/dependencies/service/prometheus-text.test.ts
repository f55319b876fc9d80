import { describe, expect, it } from 'vitest';
import { parsePrometheusText, parseSelector, selectSum } from './prometheus-text.ts';

const TEXT = `# HELP shop_orders_total Orders placed.
# TYPE shop_orders_total counter
shop_orders_total{status="ok",region="a"} 10
shop_orders_total{status="ok",region="b"} 5
shop_orders_total{status="failed",region="a"} 2 1700000000000
shop_pool_waiting 3
shop_label_escapes{path="a\\"b,c"} 1
shop_broken{status="ok" 7
shop_nan NaN
`;

describe('parsePrometheusText', () => {
  it('reads samples with labels and timestamps, skipping comments, broken lines and non-finite values', () => {
    const samples = parsePrometheusText(TEXT);
    expect(samples.map((s) => s.name)).toEqual([
      'shop_orders_total',
      'shop_orders_total',
      'shop_orders_total',
      'shop_pool_waiting',
      'shop_label_escapes',
    ]);
    expect(samples[2]).toEqual({ name: 'shop_orders_total', labels: { status: 'failed', region: 'a' }, value: 2 });
    expect(samples[4]!.labels.path).toBe('a"b,c');
  });
});

describe('selectors', () => {
  const samples = parsePrometheusText(TEXT);
  it('sums every series of a name, or those whose labels match', () => {
    expect(selectSum(samples, parseSelector('shop_orders_total')!)).toBe(17);
    expect(selectSum(samples, parseSelector('shop_orders_total{status="ok"}')!)).toBe(15);
    expect(selectSum(samples, parseSelector('shop_orders_total{status="ok", region="b"}')!)).toBe(5);
    expect(selectSum(samples, parseSelector('shop_pool_waiting')!)).toBe(3);
  });
  it('answers undefined, not 0, for a series the service does not export', () => {
    expect(selectSum(samples, parseSelector('shop_orders_total{status="lost"}')!)).toBeUndefined();
    expect(selectSum(samples, parseSelector('nope_total')!)).toBeUndefined();
  });
  it('refuses what is not a selector', () => {
    for (const bad of ['', '9lives', 'a{b}', 'a{b="c"', 'a b', 'a{b=c}']) expect(parseSelector(bad), bad).toBeNull();
  });
});
