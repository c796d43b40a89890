import type { Command } from 'commander';

export function register(program: Command): void {
  const config = program.command('config').description('Show or check the station configuration');

  config
    .command('print')
    .description('Print the effective configuration (file + CARDGATE_* environment), secrets redacted')
    .option('-c, --config <file>', 'configuration file (JSON or YAML)')
    .action(async (opts: { config?: string }) => {
      const { loadConfig } = await import('../../config/load.js');
      const { redactConfig } = await import('../../config/redact.js');
      const { config: effective } = await loadConfig(opts.config ? { file: opts.config } : {});
      process.stdout.write(`${JSON.stringify(redactConfig(effective), null, 2)}\n`);
    });

  config
    .command('check')
    .description('Check a configuration file: exit 0 when valid, 2 with the key path and reason when not')
    .argument('<file>', 'configuration file (JSON or YAML)')
    .action(async (file: string) => {
      const { readConfigFile, validateConfig } = await import('../../config/load.js');
      // The file alone is checked: the environment of the person checking is not the station's.
      validateConfig(await readConfigFile(file));
      process.stdout.write(`cardgate: ${file}: valid\n`);
    });
}
