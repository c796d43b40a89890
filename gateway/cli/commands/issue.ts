import type { Command } from 'commander';

// Placeholder until issue 6 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('issue')
    .description('Issue cards through a running station (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: issue is not built yet\n');
      process.exitCode = 1;
    });
}
