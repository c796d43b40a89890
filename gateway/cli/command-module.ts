import type { Command } from 'commander';

/** A sub-command file: adds its command (and sub-commands) to the program. */
export interface CommandModule {
  register(program: Command): void;
}
