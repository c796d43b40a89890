import type { Command } from 'commander';

// Placeholder until issue 9 lands: the command exists so --help lists it, and says it is not built.
export function register(program: Command): void {
  program
    .command('camera-emulator')
    .description('Run the network camera emulator (not built yet)')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('cardgate: camera-emulator is not built yet\n');
      process.exitCode = 1;
    });
}
