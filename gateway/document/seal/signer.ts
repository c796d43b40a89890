import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, createPublicKey, randomInt, sign, webcrypto, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChipSigner } from '../../../drivers/encoder/interface.js';
import { CardgateError } from '../../core/errors.js';
import { readFileIfExists, writeFileDurable } from '../../storage/durable-file.js';
import { certReferenceOf } from './verify.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/**
 * The document signer: signs Visible Digital Seals and the chip's security object with ECDSA
 * P-256 (raw r‖s). The private key lives only inside this object (a KeyObject in a private field):
 * it is never returned, serialised or logged.
 */
export interface DocumentSigner extends ChipSigner {
  /** 4 characters for the seal header, e.g. `ROCG`. */
  readonly signerId: string;
  /** The certificate's serial in hex: the seal header's certificate reference. */
  readonly certReference: string;
  readonly certificateDer: Uint8Array;
  readonly certificatePem: string;
  /** The country signing CA that issued the signer certificate, when known. */
  readonly caCertificatePem: string | null;
  /** True when this is the generated default of the embedded setup (not for production). */
  readonly generated: boolean;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export interface LoadSignerOptions {
  dataDir: string;
  /** PEM (PKCS#8) private key of a configured signer; with certFile, used instead of the generated one. */
  keyFile?: string;
  certFile?: string;
  /** Country of the generated CA and signer (ISO 3166 alpha-2), default RO. */
  country?: string;
  signerId?: string;
  /** For tests: the clock of certificate validity. */
  now?: Date;
}

class KeyedSigner implements DocumentSigner {
  readonly #key: KeyObject;
  constructor(
    key: KeyObject,
    readonly signerId: string,
    readonly certReference: string,
    readonly certificateDer: Uint8Array,
    readonly certificatePem: string,
    readonly caCertificatePem: string | null,
    readonly generated: boolean,
  ) {
    this.#key = key;
  }
  async sign(data: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(sign('sha256', data, { key: this.#key, dsaEncoding: 'ieee-p1363' }));
  }
  toJSON(): Record<string, unknown> {
    return { signerId: this.signerId, certReference: this.certReference, generated: this.generated };
  }
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

const signerError = (message: string, cause?: unknown): CardgateError =>
  new CardgateError(
    'SIGNER_INVALID',
    message,
    cause === undefined ? { status: 500 } : { status: 500, cause },
  );

function checkKeyMatchesCert(key: KeyObject, cert: x509.X509Certificate): void {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1')
    throw signerError('the document signer key must be an EC P-256 key');
  const fromKey = createPublicKey(key).export({ format: 'der', type: 'spki' });
  if (!Buffer.from(cert.publicKey.rawData).equals(fromKey))
    throw signerError('the document signer key does not match its certificate');
}

async function generate(dir: string, country: string, now: Date): Promise<void> {
  const notBefore = new Date(now.getTime() - 86_400_000);
  const caKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=cardgate CSCA ${country}, O=cardgate embedded default, C=${country}`,
    notBefore,
    notAfter: new Date(now.getTime() + 10 * 365 * 86_400_000),
    signingAlgorithm: ALG,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const dsKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  // A 5-hex-digit serial fits the version 3 seal header's 5-character certificate reference.
  const serial = randomInt(0x10000, 0xfffff).toString(16).toUpperCase();
  const ds = await x509.X509CertificateGenerator.create({
    serialNumber: `0${serial}`,
    subject: `CN=cardgate document signer ${country}, O=cardgate embedded default, C=${country}`,
    issuer: ca.subject,
    notBefore,
    notAfter: new Date(now.getTime() + 3 * 365 * 86_400_000),
    signingAlgorithm: ALG,
    publicKey: dsKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const pem = (label: string, der: ArrayBuffer): string => x509.PemConverter.encode(der, label);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await writeFileDurable(
    join(dir, 'csca.key'),
    pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', caKeys.privateKey)),
    0o600,
  );
  await writeFileDurable(join(dir, 'csca.crt'), ca.toString('pem'), 0o644);
  await writeFileDurable(
    join(dir, 'document-signer.key'),
    pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', dsKeys.privateKey)),
    0o600,
  );
  await writeFileDurable(join(dir, 'document-signer.crt'), ds.toString('pem'), 0o644);
}

/**
 * The configured signer (keyFile + certFile) in production; otherwise the embedded default in
 * `<dataDir>/keys/`, generated on first use: a self-signed country signing CA and a document
 * signer certificate it issued.
 */
export async function loadDocumentSigner(opts: LoadSignerOptions): Promise<DocumentSigner> {
  if ((opts.keyFile === undefined) !== (opts.certFile === undefined))
    throw signerError('a configured document signer needs both keyFile and certFile');
  const country = opts.country ?? 'RO';
  let keyPath: string;
  let certPath: string;
  let caPem: string | null = null;
  const generated = opts.keyFile === undefined;
  if (opts.keyFile !== undefined && opts.certFile !== undefined) {
    keyPath = opts.keyFile;
    certPath = opts.certFile;
  } else {
    const dir = join(opts.dataDir, 'keys');
    keyPath = join(dir, 'document-signer.key');
    certPath = join(dir, 'document-signer.crt');
    if ((await readFileIfExists(keyPath)) === null || (await readFileIfExists(certPath)) === null)
      await generate(dir, country, opts.now ?? new Date());
    caPem = (await readFileIfExists(join(dir, 'csca.crt')))?.toString('utf8') ?? null;
  }
  let key: KeyObject;
  let cert: x509.X509Certificate;
  try {
    key = createPrivateKey(await readFile(keyPath));
  } catch (e) {
    throw signerError(`cannot read the document signer key ${keyPath}`, e);
  }
  try {
    const raw = await readFile(certPath);
    cert = new x509.X509Certificate(raw.includes('-----BEGIN') ? raw.toString('utf8') : Uint8Array.from(raw));
  } catch (e) {
    throw signerError(`cannot read the document signer certificate ${certPath}`, e);
  }
  checkKeyMatchesCert(key, cert);
  const c = cert.subjectName.getField('C')[0] ?? country;
  const signerId = (opts.signerId ?? `${c}CG`).toUpperCase();
  if (!/^[A-Z0-9]{4}$/.test(signerId)) throw signerError('signerId must be 4 characters A–Z 0–9');
  return new KeyedSigner(
    key,
    signerId,
    certReferenceOf(cert),
    new Uint8Array(cert.rawData),
    cert.toString('pem'),
    caPem,
    generated,
  );
}
