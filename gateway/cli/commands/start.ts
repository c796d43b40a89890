import type { Command } from 'commander';

// Placeholder until issue 2 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('start')
    .description('Run the station gateway (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: start is not built yet\n');
      process.exitCode = 1;
    });
}
