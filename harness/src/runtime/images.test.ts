import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { parseFlavor, selectFlavor } from './images.ts';

describe('selectFlavor', () => {
  it('defaults to local where Debian tooling can build images, else official', () => {
    expect(selectFlavor({ canBuildLocal: true }).flavor).toBe('local');
    expect(selectFlavor({ canBuildLocal: false }).flavor).toBe('official');
  });

  it('lets BENCH_IMAGES override the default', () => {
    expect(selectFlavor({ env: 'official', canBuildLocal: true })).toMatchObject({ flavor: 'official', reason: 'BENCH_IMAGES' });
    expect(selectFlavor({ env: 'local', canBuildLocal: false }).flavor).toBe('local');
  });

  it('lets the option override BENCH_IMAGES', () => {
    expect(selectFlavor({ option: 'local', env: 'official', canBuildLocal: false })).toMatchObject({
      flavor: 'local',
      reason: '--images option',
    });
  });

  it('ignores empty values', () => {
    expect(selectFlavor({ option: '', env: '', canBuildLocal: true }).flavor).toBe('local');
  });

  it('rejects unknown flavors as bad input, naming the source', () => {
    expect(() => selectFlavor({ env: 'alpine', canBuildLocal: true })).toThrow(/BENCH_IMAGES is "alpine"/);
    try {
      parseFlavor('nope', '--images');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BenchError);
      expect((error as BenchError).code).toBe('bad-input');
      expect((error as BenchError).hint).toContain('local, official');
    }
  });

  it('accepts any case', () => {
    expect(parseFlavor(' Official ', '--images')).toBe('official');
  });
});
