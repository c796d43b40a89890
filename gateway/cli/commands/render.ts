import type { Command } from 'commander';

// Placeholder until issue 4 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('render')
    .description('Render a card: sides, panels, MRZ and seal (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: render is not built yet\n');
      process.exitCode = 1;
    });
}
