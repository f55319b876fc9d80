import { describe, expect, it } from 'vitest';
import { preparedArchiveName } from './prepared-dir.ts';

describe('preparedArchiveName', () => {
  it('is stable for one image and key, and differs when either changes', () => {
    const name = preparedArchiveName('sha256:aaa', 'initdb -D /tmp/pgtemplate');
    expect(name).toMatch(/^[0-9a-f]{16}\.tar$/);
    expect(preparedArchiveName('sha256:aaa', 'initdb -D /tmp/pgtemplate')).toBe(name);
    // A rebuilt image, or another initdb command, never gets an old copy.
    expect(preparedArchiveName('sha256:bbb', 'initdb -D /tmp/pgtemplate')).not.toBe(name);
    expect(preparedArchiveName('sha256:aaa', 'initdb -D /tmp/pgtemplate -k')).not.toBe(name);
  });
});
