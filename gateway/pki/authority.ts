import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { join } from 'node:path';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { CardgateError } from '../core/errors.js';
import { KEY_LABELS, type KeyStore } from '../keys/key-store.js';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';
import { createCsca, issueCrl, issueDs, randomSerial, type PkiName } from './certificates.js';
import { PKI_FILES, pkiDir, readCertificate, writePem } from './station-pki.js';

/**
 * The country signing CA's books (`<dataDir>/pki/authority.json`, public data only): every DS
 * certificate issued (so serials never repeat and a revocation names a known certificate), the
 * revocations, and the next CRL number. The CSCA key itself is in the store under KEY_LABELS.csca.
 */
const AuthorityBooks = Type.Object(
  {
    version: Type.Literal(1),
    crlUrl: Type.Union([Type.String(), Type.Null()]),
    nextCrlNumber: Type.Integer({ minimum: 1 }),
    issued: Type.Array(
      Type.Object({
        serial: Type.String(),
        subject: Type.String(),
        notAfter: Type.String(),
        issuedAt: Type.String(),
      }),
    ),
    revoked: Type.Array(Type.Object({ serial: Type.String(), date: Type.String() })),
  },
  { additionalProperties: false },
);
type Books = Static<typeof AuthorityBooks>;

const booksFile = (dataDir: string): string => join(pkiDir(dataDir), 'authority.json');

async function readBooks(dataDir: string): Promise<Books> {
  const raw = await readFileIfExists(booksFile(dataDir));
  if (!raw)
    throw new CardgateError(
      'PKI_CSCA_MISSING',
      `no CSCA in ${pkiDir(dataDir)}: run cardgate pki csca init first`,
    );
  const books: unknown = JSON.parse(raw.toString('utf8'));
  if (!Value.Check(AuthorityBooks, books))
    throw new CardgateError('PKI_BOOKS_CORRUPT', `${booksFile(dataDir)} is not a CSCA book`);
  return books;
}

const writeBooks = (dataDir: string, b: Books): Promise<void> =>
  writeFileDurable(booksFile(dataDir), JSON.stringify(b, null, 2) + '\n', 0o644);

export async function cscaCertificate(dataDir: string): Promise<x509.X509Certificate> {
  const cert = await readCertificate(join(pkiDir(dataDir), PKI_FILES.csca));
  if (!cert)
    throw new CardgateError(
      'PKI_CSCA_MISSING',
      `no CSCA certificate in ${pkiDir(dataDir)}: run cardgate pki csca init`,
    );
  return cert;
}

export class CscaAuthority {
  constructor(
    readonly store: KeyStore,
    readonly dataDir: string,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** Generates the CSCA key in the store and its self-signed certificate; refuses when one exists. */
  async init(name: PkiName, opts: { crlUrl?: string; validityYears?: number; keyUsageYears?: number } = {}) {
    if (await this.store.has(KEY_LABELS.csca))
      throw new CardgateError('KEY_EXISTS', `the store already holds a CSCA key (${KEY_LABELS.csca})`);
    const cert = await createCsca(this.store, KEY_LABELS.csca, {
      name,
      now: this.now(),
      crlUrl: opts.crlUrl,
      ...(opts.validityYears ? { validityYears: opts.validityYears } : {}),
      ...(opts.keyUsageYears ? { keyUsageYears: opts.keyUsageYears } : {}),
    });
    await writePem(join(pkiDir(this.dataDir), PKI_FILES.csca), cert);
    await writeBooks(this.dataDir, {
      version: 1,
      crlUrl: opts.crlUrl ?? null,
      nextCrlNumber: 1,
      issued: [],
      revoked: [],
    });
    return cert;
  }

  /** A DS certificate for a station's request, recorded in the books. */
  async issueDs(
    csrPem: string,
    opts: { keyUsageDays?: number; documentValidityDays?: number; documentTypes: string[] },
  ) {
    let csr: x509.Pkcs10CertificateRequest;
    try {
      csr = new x509.Pkcs10CertificateRequest(csrPem);
    } catch (cause) {
      throw new CardgateError('PKI_CSR_INVALID', 'not a PKCS#10 certificate request', { cause });
    }
    const books = await readBooks(this.dataDir);
    const csca = await cscaCertificate(this.dataDir);
    const used = new Set(books.issued.map((i) => i.serial));
    let serial = randomSerial(5);
    while (used.has(serial)) serial = randomSerial(5);
    const cert = await issueDs(this.store, KEY_LABELS.csca, {
      csca,
      csr,
      serial,
      now: this.now(),
      documentTypes: opts.documentTypes,
      crlUrl: books.crlUrl ?? undefined,
      ...(opts.keyUsageDays ? { keyUsageDays: opts.keyUsageDays } : {}),
      ...(opts.documentValidityDays ? { documentValidityDays: opts.documentValidityDays } : {}),
    });
    books.issued.push({
      serial: cert.serialNumber.toUpperCase(),
      subject: cert.subject,
      notAfter: cert.notAfter.toISOString(),
      issuedAt: this.now().toISOString(),
    });
    await writeBooks(this.dataDir, books);
    return cert;
  }

  /** Records revocations (serials of issued DS certificates) and issues the next CRL. */
  async issueCrl(revoke: string[] = [], opts: { nextUpdateDays?: number } = {}) {
    const books = await readBooks(this.dataDir);
    const norm = (s: string): string => s.toUpperCase().replace(/^0+(?=.)/, '');
    for (const serial of revoke) {
      const known = books.issued.find((i) => norm(i.serial) === norm(serial));
      if (!known)
        throw new CardgateError('BAD_ARGUMENT', `no DS certificate with serial ${serial} was issued here`);
      if (!books.revoked.some((r) => norm(r.serial) === norm(serial)))
        books.revoked.push({ serial: known.serial, date: this.now().toISOString() });
    }
    const crl = await issueCrl(this.store, KEY_LABELS.csca, {
      csca: await cscaCertificate(this.dataDir),
      revoked: books.revoked.map((r) => ({ serial: r.serial, date: new Date(r.date) })),
      now: this.now(),
      crlNumber: books.nextCrlNumber,
      ...(opts.nextUpdateDays ? { nextUpdateDays: opts.nextUpdateDays } : {}),
    });
    books.nextCrlNumber++;
    await writeBooks(this.dataDir, books);
    await writePem(join(pkiDir(this.dataDir), PKI_FILES.crl), crl);
    return crl;
  }
}
