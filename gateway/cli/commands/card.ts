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
    .description('Print what the card holds as JSON (personal fields only with --show-personal)')
    .option('--show-personal', 'include the MRZ, document data and photo', false)
    .action(async (opts: CardOptions & { showPersonal: boolean }) => {
      const { withEncoder } = await import('./card-encoder.js');
      const { cardReport } = await import('../../../drivers/encoder/card-report.js');
      const report = await withEncoder(opts, async (enc) => {
        const contents = await enc.readBack();
        return cardReport(contents, enc.verifyContents(contents), opts.showPersonal);
      });
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    });

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
