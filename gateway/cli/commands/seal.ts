import type { Command } from 'commander';

// Placeholder until issue 4 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('seal')
    .description('Decode or verify a Visible Digital Seal (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: seal is not built yet\n');
      process.exitCode = 1;
    });
}
