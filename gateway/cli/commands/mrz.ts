import type { Command } from 'commander';

// Placeholder until issue 4 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('mrz')
    .description('Print the TD1 MRZ of a person record (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: mrz is not built yet\n');
      process.exitCode = 1;
    });
}
