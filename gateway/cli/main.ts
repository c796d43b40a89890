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
  // A command's options end at its sub-command: `hq --db X` and `hq user add --db Y` each get their own.
  .enablePositionalOptions()
  .exitOverride();

for (const mod of commandModules) mod.register(program);

/** Commander's own exits that mean "the command line is wrong": like a bad config, exit 2. */
const USAGE_ERRORS = new Set([
  'commander.invalidArgument',
  'commander.unknownOption',
  'commander.unknownCommand',
  'commander.missingArgument',
  'commander.optionMissingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.excessArguments',
  'commander.conflictingOption',
]);

// No top-level await: the same module is the entry of the one-file bundle (CommonJS), see
// scripts/bundle.js. The process lives on while the started station holds its handles.
program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = USAGE_ERRORS.has(error.code) ? 2 : error.exitCode;
  } else {
    process.exitCode = reportCliError(error);
  }
});
