import { Option, type Command } from 'commander';

interface EnrolOpts {
  dataDir: string;
  config?: string;
  hq: string;
  token: string;
  tlsCa?: string;
  rekey?: boolean;
}

/**
 * `cardgate enrol`: the station's half of enrolment (gateway/enrolment/enrol.ts). Run once per
 * station with the token HQ printed; `--rekey` with a re-key token makes a new identity key.
 */
export function register(program: Command): void {
  program
    .command('enrol')
    .description('Enrol this station with headquarters using a one-time token')
    .addOption(new Option('-d, --data-dir <dir>', "the station's data directory"))
    .option('-c, --config <file>', 'station configuration file (its key store settings are used)')
    .requiredOption('--hq <url>', "HQ's URL, e.g. https://hq.example:8443")
    .requiredOption('--token <token>', 'the one-time token printed by `cardgate hq station add`')
    .option('--tls-ca <file>', "PEM of the CA of HQ's TLS certificate (a private CA)")
    .option('--rekey', 'enrol again with a re-key token (new identity key)')
    .action(async (opts: EnrolOpts) => {
      const { readFile } = await import('node:fs/promises');
      const { loadConfig } = await import('../../config/load.js');
      const { openKeyStore } = await import('../../keys/open-key-store.js');
      const { enrolStation } = await import('../../enrolment/enrol.js');
      const { systemClock } = await import('../../core/clock.js');
      const { config } = await loadConfig({
        ...(opts.config ? { file: opts.config } : {}),
        ...(opts.dataDir ? { flags: { dataDir: opts.dataDir } } : {}),
      });
      const store = await openKeyStore(config.security, { dataDir: config.dataDir });
      try {
        const file = await enrolStation({
          dataDir: config.dataDir,
          hqUrl: opts.hq,
          token: opts.token,
          store,
          clock: systemClock,
          rekey: opts.rekey === true,
          ...(opts.tlsCa ? { tlsCa: await readFile(opts.tlsCa, 'utf8') } : {}),
        });
        process.stdout.write(
          `cardgate: enrolled as ${file.site}/${file.station} with ${file.hqUrl} (certificate ${file.certThumbprint})\n`,
        );
      } finally {
        await store.close();
      }
    });
}
