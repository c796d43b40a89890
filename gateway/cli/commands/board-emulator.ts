import type { Command } from 'commander';

// Placeholder until issue 9 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('board-emulator')
    .description('Run the Firmata station-board emulator (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: board-emulator is not built yet\n');
      process.exitCode = 1;
    });
}
