import { describe, expect, it } from 'vitest';
import { contentHash, tagHashLength } from './content-hash.ts';

describe('contentHash', () => {
  it('is stable for the same inputs and independent of key order', () => {
    const a = contentHash({ recipe: '1', bundle: Buffer.from('console.log(1)') });
    expect(contentHash({ bundle: Buffer.from('console.log(1)'), recipe: '1' })).toBe(a);
    expect(a).toMatch(new RegExp(`^[0-9a-f]{${tagHashLength}}$`));
  });

  it('changes when any input changes', () => {
    const base = contentHash({ recipe: '1', node: 'v24.21.0' });
    expect(contentHash({ recipe: '2', node: 'v24.21.0' })).not.toBe(base);
    expect(contentHash({ recipe: '1', node: 'v24.21.1' })).not.toBe(base);
    expect(contentHash({ recipe: '1', node: 'v24.21.0', extra: '' })).not.toBe(base);
  });

  it('treats strings and their UTF-8 bytes alike', () => {
    expect(contentHash({ a: 'é' })).toBe(contentHash({ a: Buffer.from('é', 'utf8') }));
  });

  it('cannot be fooled by moving bytes between neighbouring parts', () => {
    expect(contentHash({ a: 'xy', b: 'z' })).not.toBe(contentHash({ a: 'x', b: 'yz' }));
  });
});
