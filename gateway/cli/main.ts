import { Command, CommanderError } from 'commander';
import { commandModules } from './commands/index.js';
import { reportCliError } from './errors.js';

/**
 * `cardgate <command>`: the one entry to everything a person runs. Each sub-command lives in
 * its own file under ./commands and imports its heavy dependencies lazily, so `--help` and
 * file-only commands start fast.
 */
const program = new Command('cardgate')
  .description('ID-card issuing station gateway')
  .version(process.env.npm_package_version ?? '0.1.0')
  .showHelpAfterError()
  .exitOverride();

for (const mod of commandModules) mod.register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    process.exitCode = reportCliError(error);
  }
}
