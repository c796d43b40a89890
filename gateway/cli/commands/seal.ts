import type { Command } from 'commander';

/** `cardgate seal decode HEX` and `cardgate seal verify --image PNG --cert PEM`. */
export function register(program: Command): void {
  const seal = program.command('seal').description('Decode or verify a Visible Digital Seal');

  seal
    .command('decode')
    .description('Print the header fields and features of a seal given as hex, as JSON')
    .argument('<hex>', 'the seal bytes in hexadecimal')
    .action(async (hex: string) => {
      const { CardgateError } = await import('../../core/errors.js');
      const { describeSeal } = await import('../../document/seal/describe.js');
      const clean = hex.replace(/\s+/g, '');
      if (!/^([0-9a-fA-F]{2})+$/.test(clean))
        throw new CardgateError('SEAL_MALFORMED', 'expected an even number of hex digits', { status: 400 });
      process.stdout.write(`${JSON.stringify(describeSeal(Buffer.from(clean, 'hex')), null, 2)}\n`);
    });

  seal
    .command('verify')
    .description(
      'Find the seal DataMatrix in a picture, decode it and check its signature (exit 0 only if valid)',
    )
    .requiredOption('--image <png>', 'picture holding the DataMatrix (PNG or JPEG)')
    .requiredOption('--cert <pem>', "the document signer's certificate (PEM or DER)")
    .action(async (opts: { image: string; cert: string }) => {
      const { readInputFile } = await import('../read-input.js');
      const { CardgateError } = await import('../../core/errors.js');
      const { readDataMatrix } = await import('../../document/seal/read-datamatrix.js');
      const { verifySeal } = await import('../../document/seal/verify.js');
      const { describeSeal } = await import('../../document/seal/describe.js');
      const [image, certRaw] = await Promise.all([readInputFile(opts.image), readInputFile(opts.cert)]);
      const cert = certRaw.includes('-----BEGIN') ? certRaw.toString('utf8') : new Uint8Array(certRaw);
      const codes = await readDataMatrix(new Uint8Array(image));
      if (codes.length === 0)
        throw new CardgateError('SEAL_NOT_FOUND', 'no readable DataMatrix in the picture', { status: 400 });
      let lastReason = 'no seal';
      for (const bytes of codes) {
        let verdict;
        try {
          verdict = verifySeal(bytes, cert);
        } catch (e) {
          throw new CardgateError('CERT_INVALID', `cannot use the certificate: ${(e as Error).message}`, {
            status: 400,
          });
        }
        if (verdict.valid) {
          const d = describeSeal(bytes);
          process.stdout.write(
            `${JSON.stringify({ valid: true, header: d.header, features: d.features }, null, 2)}\n`,
          );
          return;
        }
        lastReason = `${verdict.reason}: ${verdict.detail}`;
      }
      process.stdout.write(`${JSON.stringify({ valid: false, reason: lastReason })}\n`);
      process.exitCode = 1;
    });
}
