import type { Command } from 'commander';

// Placeholder until issue 5 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('card')
    .description('Read or verify a smart card (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: card is not built yet\n');
      process.exitCode = 1;
    });
}
