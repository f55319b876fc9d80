// The list of commands: a plain array, no self-registration.
import type { Command } from 'commander';
import { runCommand } from './run-command.ts';

export const commands: Array<() => Command> = [runCommand];
