import type { Command } from 'commander';

/** `cardgate render --person FILE.json --photo FILE.jpg --out DIR [--data-dir DIR]`. */
export function register(program: Command): void {
  program
    .command('render')
    .description('Render a card: both sides, the printer panels, the MRZ and the signed seal')
    .requiredOption('--person <file>', 'person record (JSON), complete with the document fields')
    .requiredOption('--photo <file>', 'face photo, JPEG or PNG')
    .requiredOption('--out <dir>', 'folder for front.png, back.png and the panel pictures')
    .option('--data-dir <dir>', 'data folder holding keys/ (the embedded signer is generated there)', './var')
    .option('--template <file>', 'layout template (JSON); the shipped one by default')
    .option('--signer-key <file>', 'document signer private key (PEM), with --signer-cert')
    .option('--signer-cert <file>', 'document signer certificate (PEM)')
    .action(
      async (opts: {
        person: string;
        photo: string;
        out: string;
        dataDir: string;
        template?: string;
        signerKey?: string;
        signerCert?: string;
      }) => {
        const { mkdir, writeFile } = await import('node:fs/promises');
        const { readInputFile } = await import('../read-input.js');
        const { join } = await import('node:path');
        const { CardgateError } = await import('../../core/errors.js');
        const { loadDocumentSigner } = await import('../../document/seal/signer.js');
        const { produceCard, panelPngs } = await import('../../document/render/index.js');
        let person: unknown;
        try {
          person = JSON.parse((await readInputFile(opts.person)).toString('utf8'));
        } catch (e) {
          if (e instanceof CardgateError) throw e;
          throw new CardgateError('PERSON_INVALID', `${opts.person} is not JSON`, { status: 400 });
        }
        const photo = await readInputFile(opts.photo);
        const signer = await loadDocumentSigner({
          dataDir: opts.dataDir,
          ...(opts.signerKey ? { keyFile: opts.signerKey } : {}),
          ...(opts.signerCert ? { certFile: opts.signerCert } : {}),
        });
        const card = await produceCard(
          { person: person as never, photoJpeg: new Uint8Array(photo) },
          { signer, ...(opts.template ? { template: opts.template } : {}) },
        );
        await mkdir(opts.out, { recursive: true });
        const files: Array<[string, Buffer]> = [
          ['front.png', card.previews.front],
          ['back.png', card.previews.back],
        ];
        for (const side of ['front', 'back'] as const) {
          const img = card.image[side];
          if (!img) continue;
          const p = await panelPngs(img);
          files.push([`${side}-rgb.png`, p.rgb], [`${side}-k.png`, p.k], [`${side}-overlay.png`, p.overlay]);
        }
        await Promise.all(files.map(([name, data]) => writeFile(join(opts.out, name), data)));
        process.stdout.write(
          `${JSON.stringify(
            {
              mrz: card.mrz,
              sealHex: Buffer.from(card.seal).toString('hex').toUpperCase(),
              files: files.map(([n]) => n),
              warnings: card.warnings,
              printReady: card.fonts.printReady,
            },
            null,
            2,
          )}\n`,
        );
      },
    );
}
