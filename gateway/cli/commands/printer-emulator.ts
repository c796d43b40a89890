import type { Command } from 'commander';

// Placeholder until issue 3 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('printer-emulator')
    .description('Run the card printer emulator, or decode a captured job (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: printer-emulator is not built yet\n');
      process.exitCode = 1;
    });
}
