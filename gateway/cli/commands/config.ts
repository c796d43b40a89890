import type { Command } from 'commander';

// Placeholder until issue 2 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('config')
    .description('Show or check configuration (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: config is not built yet\n');
      process.exitCode = 1;
    });
}
