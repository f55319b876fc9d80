import { describe, expect, it } from 'vitest';
import { classifyPidFile, dockerdArgs } from './dockerd-args.ts';

describe('dockerdArgs', () => {
  it('always disables the bridge, iptables and IP forwarding (network rule)', () => {
    for (const driver of ['overlay2', 'vfs'] as const) {
      const args = dockerdArgs(driver);
      expect(args).toEqual(expect.arrayContaining(['--bridge=none', '--iptables=false', '--ip-forward=false']));
      expect(args).toContain(`--storage-driver=${driver}`);
    }
  });
});

describe('classifyPidFile', () => {
  const procs = new Map([
    [100, 'dockerd'],
    [200, 'bash'],
  ]);
  const commandOf = (pid: number) => procs.get(pid);

  it('is absent without a file', () => {
    expect(classifyPidFile(undefined, commandOf)).toEqual({ kind: 'absent' });
  });
  it('is running when the pid is a live dockerd', () => {
    expect(classifyPidFile('100\n', commandOf)).toEqual({ kind: 'running', pid: 100 });
  });
  it('is stale when the process is gone, reused by another program, or the file is garbage', () => {
    expect(classifyPidFile('999', commandOf)).toEqual({ kind: 'stale', pid: 999 });
    expect(classifyPidFile('200', commandOf)).toEqual({ kind: 'stale', pid: 200 });
    expect(classifyPidFile('', commandOf)).toEqual({ kind: 'stale', pid: undefined });
  });
});
