import type { Command } from 'commander';

// Placeholder until issue 7 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('fleet')
    .description('Run the headquarters fleet monitor (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: fleet is not built yet\n');
      process.exitCode = 1;
    });
}
