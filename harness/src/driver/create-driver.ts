// Drivers by name, for experiments and `bench load`. k6 is an external binary: missing, it says how to install it.
import { infraError } from '../errors/bench-error.ts';
import { findK6 } from '../setup/k6.ts';
import { autocannonDriver } from './closed-loop/autocannon-driver.ts';
import type { Driver } from './driver.ts';
import { openLoopDriver } from './open-loop/open-loop-driver.ts';

export type DriverName = 'open' | 'closed' | 'k6';

export function createDriver(name: DriverName, options: { k6Path?: string } = {}): Driver {
  if (name === 'closed') return autocannonDriver;
  if (name === 'open') return openLoopDriver;
  const k6 = options.k6Path ?? findK6();
  if (!k6) throw infraError('k6 is not installed', 'install it with `./bench setup --with k6`, or use the open driver');
  // TODO(k6 driver): wired by the k6 adapter in driver/k6/.
  throw infraError(`k6 is installed (${k6}) but the k6 driver is not wired yet`, 'use the open or closed driver for now');
}
