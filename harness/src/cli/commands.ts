// The list of commands: a plain array, no self-registration.
import type { Command } from 'commander';
import { compareCommand } from './compare-command.ts';
import { composeCommand } from './compose-command.ts';
import { doctorCommand } from './doctor-command.ts';
import { downCommand } from './down-command.ts';
import { loadCommand } from './load-command.ts';
import { lsCommand } from './ls-command.ts';
import { mergeCommand } from './merge-command.ts';
import { reportCommand } from './report-command.ts';
import { runCommand } from './run-command.ts';
import { segmentCommand } from './segment-command.ts';
import { setupCommand } from './setup-command.ts';
import { upCommand } from './up-command.ts';

export const commands: Array<() => Command> = [
  runCommand,
  () => loadCommand(),
  lsCommand,
  upCommand,
  downCommand,
  reportCommand,
  compareCommand,
  composeCommand,
  setupCommand,
  doctorCommand,
  segmentCommand,
  mergeCommand,
];
