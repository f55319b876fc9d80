// Drivers by name, for experiments and `bench load`. k6 is an external binary: missing, it says how to install it.
import { infraError } from '../errors/bench-error.ts';
import { findK6 } from '../setup/k6.ts';
import { autocannonDriver } from './closed-loop/autocannon-driver.ts';
import { http1ClosedDriver } from './closed-loop/http1-closed-driver.ts';
import type { Driver } from './driver.ts';
import { createK6Driver } from './k6/k6-driver.ts';
import { openLoopDriver } from './open-loop/open-loop-driver.ts';

export type DriverName = 'open' | 'closed' | 'autocannon' | 'k6';

export interface CreateDriverOptions {
  /** The k6 binary; default: where `findK6` says. */
  k6Path?: string;
  /** Where k6 is, if anywhere (default setup/k6.ts findK6: PATH, then the one `bench setup --with k6` built). */
  findK6?: () => string | undefined;
}

export function createDriver(name: DriverName, options: CreateDriverOptions = {}): Driver {
  if (name === 'closed') return http1ClosedDriver;
  if (name === 'autocannon') return autocannonDriver;
  if (name === 'open') return openLoopDriver;
  const k6 = options.k6Path ?? (options.findK6 ?? (() => findK6()))();
  if (!k6) throw infraError('k6 is not installed', 'install it with `./bench setup --with k6`, or use the open driver');
  return createK6Driver({ k6Path: k6 });
}
