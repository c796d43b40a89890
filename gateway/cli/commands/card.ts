import type { Command } from 'commander';
import { CardgateError } from '../../core/errors.js';

interface CardOptions {
  reader?: string;
  driver: 'pcsc' | 'emulator';
  waitMs: string;
  timeoutMs: string;
}

/** `cardgate card read|verify`: what the card in the reader holds, and whether it is genuine. */
export function register(program: Command): void {
  const card = program.command('card').description('Read or verify the smart card in the encoder');

  const common = (cmd: Command): Command =>
    cmd
      .option('--reader <name>', 'reader name (substring); the first reader when absent')
      .option('--driver <driver>', 'pcsc or emulator (an empty emulated card)', 'pcsc')
      .option('--wait-ms <ms>', 'how long to wait for a card', '5000')
      .option('--timeout-ms <ms>', 'time-out of each APDU exchange', '5000');

  common(card.command('read'))
    .description(
      'Show what the card holds: an ICAO LDS1 chip (EF.COM, DG1, DG2 face header, SOD signer, hashes, chain) or an older iso7816-fs card',
    )
    .option('--json', 'print JSON instead of text', false)
    .option('--mrz <mrz>', 'the card’s MRZ (TD1 90 or TD3 88 characters): the key for Basic Access Control')
    .option('--csca <pem>', 'trusted country signing CA certificate(s), PEM, for the chain check')
    .option('--crl <file>', 'CRL of the CSCA (DER or PEM) for the revocation check')
    .option('--show-personal', 'include the MRZ, DG11/DG12 or document data and photo', false)
    .action(
      async (
        opts: CardOptions & {
          json: boolean;
          mrz?: string;
          csca?: string;
          crl?: string;
          showPersonal: boolean;
        },
      ) => {
        const { readCard } = await import('./card-read.js');
        const out = await readCard(opts);
        process.stdout.write(opts.json ? `${JSON.stringify(out.report, null, 2)}\n` : out.text);
        if (!out.ok) process.exitCode = 1;
      },
    );

  common(card.command('verify'))
    .description('Check the hashes and the signature of the card; exit 1 when they fail')
    .option('--cert <pem>', 'trust this signer certificate (PEM) instead of the one on the card')
    .action(async (opts: CardOptions & { cert?: string }) => {
      const { withEncoder } = await import('./card-encoder.js');
      let trusted: Uint8Array | undefined;
      if (opts.cert) {
        const { readFile } = await import('node:fs/promises');
        const { X509Certificate } = await import('node:crypto');
        try {
          trusted = new Uint8Array(new X509Certificate(await readFile(opts.cert)).raw);
        } catch (e) {
          throw new CardgateError(
            'CERT_INVALID',
            `cannot read certificate ${opts.cert}: ${(e as Error).message}`,
            {
              status: 400,
            },
          );
        }
      }
      const result = await withEncoder(opts, (enc) => enc.verify(trusted));
      process.stdout.write(`${JSON.stringify(result)}\n`);
      if (!result.ok) process.exitCode = 1;
    });
}
