import type { Command } from 'commander';

interface Common {
  config?: string;
  dataDir?: string;
}

/** The key store and data directory of the configuration (the same store `cardgate start` uses). */
async function context(opts: Common) {
  const { loadConfig } = await import('../../config/load.js');
  const { openKeyStore } = await import('../../keys/open-key-store.js');
  const { resolve } = await import('node:path');
  const { config } = await loadConfig({
    ...(opts.config ? { file: opts.config } : {}),
    flags: { dataDir: opts.dataDir },
  });
  const dataDir = resolve(config.dataDir);
  const store = await openKeyStore(config.security, { dataDir });
  return { config, dataDir, store };
}

async function writeOut(file: string, text: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, text.endsWith('\n') ? text : `${text}\n`);
}

const print = (o: unknown): void => {
  process.stdout.write(`${JSON.stringify(o, null, 2)}\n`);
};

const common = (c: Command): Command =>
  c
    .option('-c, --config <file>', 'configuration file naming the key store (security.keyStore)')
    .option('-d, --data-dir <dir>', 'data directory (default ./var)');

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/**
 * `cardgate pki`: the country signing CA (CSCA) and the document signer (DS) certificates of
 * Doc 9303-12. At the CSCA (HQ or an offline machine): `csca init`, `ds issue`, `crl issue`,
 * `export`. At a station: `ds request` (a CSR made in its token) and `ds install`.
 */
export function register(program: Command): void {
  const pki = program
    .command('pki')
    .description('Country signing CA and document signer certificates (ICAO 9303-12)');
  const csca = pki.command('csca').description('The country signing CA');
  common(csca.command('init'))
    .description('Generate the CSCA key in the key store and its self-signed certificate')
    .requiredOption('--country <CC>', 'ISO 3166 alpha-2 country code, e.g. RO')
    .requiredOption('--org <name>', 'organisation (the issuing authority)')
    .option('--cn <name>', 'common name', '')
    .option('--crl-url <url>', 'CRL distribution point written into the certificates')
    .option('--years <n>', 'certificate validity in years', '15')
    .action(
      async (o: Common & { country: string; org: string; cn: string; crlUrl?: string; years: string }) => {
        const { store, dataDir } = await context(o);
        const { CscaAuthority } = await import('../../pki/authority.js');
        try {
          const cert = await new CscaAuthority(store, dataDir).init(
            { country: o.country, organization: o.org, commonName: o.cn || `CSCA ${o.country}` },
            { ...(o.crlUrl ? { crlUrl: o.crlUrl } : {}), validityYears: Number(o.years) },
          );
          print({
            subject: cert.subject,
            serial: cert.serialNumber,
            notAfter: cert.notAfter,
            store: store.location,
          });
        } finally {
          await store.close();
        }
      },
    );

  const ds = pki.command('ds').description('Document signer certificates');
  common(ds.command('request'))
    .description("Make a certificate request for this station's document signer key, in its token")
    .requiredOption('--out <file>', 'where to write the request (PEM)')
    .option('--country <CC>', 'country code', 'RO')
    .option('--org <name>', 'organisation', 'cardgate')
    .option('--signer-id <id>', 'seal signer identifier (country + 2 characters), the subject CN')
    .action(async (o: Common & { out: string; country: string; org: string; signerId?: string }) => {
      const { store } = await context(o);
      const { requestStationDs } = await import('../../pki/station-signer.js');
      try {
        const csr = await requestStationDs(store, {
          country: o.country,
          organization: o.org,
          commonName: (o.signerId ?? `${o.country}CG`).toUpperCase(),
        });
        await writeOut(o.out, csr.toString('pem'));
        print({ subject: csr.subject, out: o.out, store: store.location });
      } finally {
        await store.close();
      }
    });
  common(ds.command('issue'))
    .description('Issue a DS certificate from a station request, signed by the CSCA key')
    .requiredOption('--csr <file>', 'the station request (PEM)')
    .requiredOption('--out <file>', 'where to write the certificate (PEM)')
    .option('--days <n>', 'how long the DS key signs (private key usage period)', '90')
    .option('--document-days <n>', 'validity of the longest document it signs', '365')
    .option('--doc-type <code>', 'document type it may sign (repeatable)', collect, [] as string[])
    .action(
      async (
        o: Common & { csr: string; out: string; days: string; documentDays: string; docType: string[] },
      ) => {
        const { store, dataDir, config } = await context(o);
        const { readInputFile } = await import('../read-input.js');
        const { CscaAuthority } = await import('../../pki/authority.js');
        try {
          const cert = await new CscaAuthority(store, dataDir).issueDs(
            (await readInputFile(o.csr)).toString('utf8'),
            {
              keyUsageDays: Number(o.days),
              documentValidityDays: Number(o.documentDays),
              documentTypes: o.docType.length ? o.docType : [config.issuance.documentCode.replace(/</g, '')],
            },
          );
          await writeOut(o.out, cert.toString('pem'));
          print({ subject: cert.subject, serial: cert.serialNumber, notAfter: cert.notAfter, out: o.out });
        } finally {
          await store.close();
        }
      },
    );
  common(ds.command('install'))
    .description(
      'Install the DS certificate the CSCA issued for this station (checked against the token key and the CSCA)',
    )
    .requiredOption('--cert <file>', 'the DS certificate (PEM)')
    .option('--csca <file>', 'the CSCA certificate it chains to (PEM)')
    .action(async (o: Common & { cert: string; csca?: string }) => {
      const { store, dataDir } = await context(o);
      const { readInputFile } = await import('../read-input.js');
      const { installStationDs } = await import('../../pki/station-signer.js');
      try {
        const { ds: cert } = await installStationDs(
          store,
          dataDir,
          (await readInputFile(o.cert)).toString('utf8'),
          o.csca ? (await readInputFile(o.csca)).toString('utf8') : undefined,
        );
        print({ installed: cert.subject, serial: cert.serialNumber });
      } finally {
        await store.close();
      }
    });

  common(pki.command('crl').command('issue'))
    .description('Issue the next CRL (optionally revoking DS certificates first)')
    .requiredOption('--out <file>', 'where to write the CRL (PEM)')
    .option('--revoke <serial>', 'serial of a DS certificate to revoke (repeatable)', collect, [] as string[])
    .option('--days <n>', 'days until the next update', '90')
    .action(async (o: Common & { out: string; revoke: string[]; days: string }) => {
      const { store, dataDir } = await context(o);
      const { CscaAuthority } = await import('../../pki/authority.js');
      try {
        const crl = await new CscaAuthority(store, dataDir).issueCrl(o.revoke, {
          nextUpdateDays: Number(o.days),
        });
        const { pemOf } = await import('../../pki/station-pki.js');
        await writeOut(o.out, pemOf(crl));
        print({
          issuer: crl.issuer,
          revoked: crl.entries.map((e) => e.serialNumber),
          nextUpdate: crl.nextUpdate,
          out: o.out,
        });
      } finally {
        await store.close();
      }
    });

  common(pki.command('export'))
    .description('Write the CSCA certificate (PEM) for inspection systems and verifiers')
    .requiredOption('--csca <file>', 'where to write it')
    .action(async (o: Common & { csca: string }) => {
      const { loadConfig } = await import('../../config/load.js');
      const { resolve } = await import('node:path');
      const { cscaCertificate } = await import('../../pki/authority.js');
      const { config } = await loadConfig({
        ...(o.config ? { file: o.config } : {}),
        flags: { dataDir: o.dataDir },
      });
      const cert = await cscaCertificate(resolve(config.dataDir));
      await writeOut(o.csca, cert.toString('pem'));
      print({ subject: cert.subject, out: o.csca });
    });
}
