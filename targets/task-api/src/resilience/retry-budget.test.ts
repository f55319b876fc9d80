import { describe, expect, it } from 'vitest';
import { RetryBudget } from './retry-budget.ts';

describe('RetryBudget', () => {
  it('starts full and denies once the burst is spent', () => {
    const b = new RetryBudget(0.1);
    expect(b.capacityTokens).toBe(10);
    for (let i = 0; i < 10; i++) expect(b.tryWithdraw()).toBe(true);
    expect(b.tryWithdraw()).toBe(false);
  });

  it('earns one retry per 1/ratio calls, exactly', () => {
    const b = new RetryBudget(0.1);
    while (b.tryWithdraw());
    for (let i = 0; i < 9; i++) b.deposit();
    expect(b.tryWithdraw()).toBe(false);
    b.deposit();
    expect(b.tryWithdraw()).toBe(true);
    expect(b.tryWithdraw()).toBe(false);
  });

  it('caps the stored tokens, so a long quiet spell does not allow an unbounded burst', () => {
    const b = new RetryBudget(0.5, 3);
    for (let i = 0; i < 1000; i++) b.deposit();
    expect(b.tokens).toBe(3);
  });

  it('keeps retries at about ratio x calls under sustained failure', () => {
    const b = new RetryBudget(0.2);
    while (b.tryWithdraw());
    let allowed = 0;
    for (let i = 0; i < 10_000; i++) {
      b.deposit();
      if (b.tryWithdraw()) allowed++;
    }
    expect(allowed).toBe(2000);
  });

  it('rejects a non-positive ratio', () => {
    expect(() => new RetryBudget(0)).toThrow(RangeError);
  });
});
