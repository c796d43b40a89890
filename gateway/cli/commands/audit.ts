import type { Command } from 'commander';

// Placeholder until issue 6 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('audit')
    .description('Verify the audit trail (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: audit is not built yet\n');
      process.exitCode = 1;
    });
}
