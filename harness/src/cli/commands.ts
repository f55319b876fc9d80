// The list of commands: a plain array, no self-registration.
import type { Command } from 'commander';

export const commands: Array<() => Command> = [];
