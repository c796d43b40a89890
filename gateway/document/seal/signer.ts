import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, createPublicKey, sign, webcrypto, type KeyObject } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChipSigner } from '../../../drivers/encoder/interface.js';
import { CardgateError, isCardgateError } from '../../core/errors.js';
import { FileKeyStore } from '../../keys/file-key-store.js';
import { KEY_LABELS, type KeyStore } from '../../keys/key-store.js';
import { createCsca, DEVELOPMENT_OU, issueDs, randomSerial, requestDs } from '../../pki/certificates.js';
import { PKI_FILES, pkiDir, readCertificate, writePem } from '../../pki/station-pki.js';
import { readFileIfExists, writeFileDurable } from '../../storage/durable-file.js';
import { certReferenceOf } from './verify.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/**
 * The document signer: signs Visible Digital Seals and the chip's security object with ECDSA
 * P-256 (raw r‖s). The private key is in the key store (a token for a production station) under
 * KEY_LABELS.documentSigner; this object holds only its certificate and the store.
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
  /** Where the signer key is (default: the file store in `<dataDir>/keys`). */
  store?: KeyStore;
  /**
   * A PEM (PKCS#8) private key file, with certFile: an older station's configured signer, signed
   * outside the store. Kept so such a station starts; a token station configures certFile only.
   */
  keyFile?: string;
  /** The DS certificate issued by the CSCA for the store's signer key (`cardgate pki ds issue`). */
  certFile?: string;
  /** Country of the generated CA and signer (ISO 3166 alpha-2), default RO. */
  country?: string;
  signerId?: string;
  /** Document codes the generated DS certificate lists (Doc 9303-12 document type list). */
  documentTypes?: string[];
  /** False (security.requireToken): no development CSCA and DS are generated when none is installed. */
  allowDevelopment?: boolean;
  /** For tests: the clock of certificate validity. */
  now?: Date;
  /**
   * The labels and subject of the generated CSCA and DS (default: the development profile). The
   * training station passes its own, so its keys never share a label with production's.
   */
  profile?: SignerProfile;
}

/** Which keys a generated signer uses and how its certificates name themselves. */
export interface SignerProfile {
  labels: { csca: string; documentSigner: string };
  organization: string;
  /** Marks the certificates (an inspection system shows it): development or training. */
  organizationalUnit: string;
  cscaCommonName: (country: string) => string;
}

export const DEVELOPMENT_PROFILE: SignerProfile = {
  labels: { csca: KEY_LABELS.csca, documentSigner: KEY_LABELS.documentSigner },
  organization: 'cardgate embedded default',
  organizationalUnit: DEVELOPMENT_OU,
  cscaCommonName: (country) => `cardgate development CSCA ${country}`,
};

class StoreSigner implements DocumentSigner {
  constructor(
    readonly store: KeyStore,
    readonly label: string,
    readonly signerId: string,
    readonly certReference: string,
    readonly certificateDer: Uint8Array,
    readonly certificatePem: string,
    readonly caCertificatePem: string | null,
    readonly generated: boolean,
  ) {}
  sign(data: Uint8Array): Promise<Uint8Array> {
    return this.store.sign(this.label, data);
  }
  toJSON(): Record<string, unknown> {
    return { signerId: this.signerId, certReference: this.certReference, generated: this.generated };
  }
}

/** A configured PEM key outside the store (older stations): the key stays in a private field. */
class PemKeyStore {
  readonly #key: KeyObject;
  constructor(key: KeyObject) {
    this.#key = key;
  }
  sign(_label: string, data: Uint8Array): Promise<Uint8Array> {
    return Promise.resolve(
      new Uint8Array(sign('sha256', data, { key: this.#key, dsaEncoding: 'ieee-p1363' })),
    );
  }
}

const signerError = (message: string, cause?: unknown): CardgateError =>
  new CardgateError('SIGNER_INVALID', message, cause === undefined ? {} : { cause });

function checkKeyMatchesCert(key: KeyObject, cert: x509.X509Certificate): void {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1')
    throw signerError('the document signer key must be an EC P-256 key');
  const fromKey = createPublicKey(key).export({ format: 'der', type: 'spki' });
  if (!Buffer.from(cert.publicKey.rawData).equals(fromKey))
    throw signerError('the document signer key does not match its certificate');
}

/**
 * The embedded default: a CSCA and a DS certificate it issued, both keys in the store under the
 * profile's labels and both marked (DEVELOPMENT or TRAINING) in their subject; certificates in
 * `<dataDir>/pki/`.
 */
async function generateDevelopmentPki(
  store: KeyStore,
  dir: string,
  o: LoadSignerOptions,
  p: SignerProfile,
): Promise<void> {
  const country = o.country ?? 'RO';
  const now = o.now ?? new Date();
  const notBefore = new Date(now.getTime() - 86_400_000);
  const { organization, organizationalUnit } = p;
  const csca = await createCsca(store, p.labels.csca, {
    name: { country, organization, organizationalUnit, commonName: p.cscaCommonName(country) },
    now: notBefore,
    validityYears: 10,
  });
  const csr = await requestDs(store, p.labels.documentSigner, {
    country,
    organization,
    organizationalUnit,
    commonName: (o.signerId ?? `${country}CG`).toUpperCase(),
  });
  const ds = await issueDs(store, p.labels.csca, {
    csca,
    csr,
    serial: randomSerial(5),
    now: notBefore,
    keyUsageDays: 3 * 365,
    documentValidityDays: 365,
    documentTypes: o.documentTypes ?? ['ID', 'IR'],
  });
  await writePem(join(dir, PKI_FILES.csca), csca);
  await writePem(join(dir, PKI_FILES.documentSigner), ds);
}

/**
 * The document signer. With a token: the DS certificate issued for the token key (`certFile`, or
 * `<dataDir>/pki/document-signer.crt` installed by `cardgate pki`). Without one: the embedded
 * default, generated on first use. When the store is unavailable but the certificate is on disk,
 * the signer is made anyway (signing then answers KEY_STORE_UNAVAILABLE until the token is back).
 */
export async function loadDocumentSigner(opts: LoadSignerOptions): Promise<DocumentSigner> {
  if (opts.keyFile !== undefined && opts.certFile === undefined)
    throw signerError('a configured document signer key needs its certFile');
  const dir = pkiDir(opts.dataDir);
  const certPath = opts.certFile ?? join(dir, PKI_FILES.documentSigner);
  let store: KeyStore | PemKeyStore = opts.store ?? new FileKeyStore(join(opts.dataDir, 'keys'));
  const profile = opts.profile ?? DEVELOPMENT_PROFILE;
  let generated = false;
  if (opts.keyFile !== undefined) {
    let key: KeyObject;
    try {
      key = createPrivateKey(await readFile(opts.keyFile));
    } catch (e) {
      throw signerError(`cannot read the document signer key ${opts.keyFile}`, e);
    }
    const cert = await loadCert(certPath);
    checkKeyMatchesCert(key, cert);
    store = new PemKeyStore(key);
  } else if (opts.certFile === undefined && !(await readCertificate(certPath).catch(() => null))) {
    const adopt = store instanceof FileKeyStore && profile === DEVELOPMENT_PROFILE;
    if (!(adopt && (await adoptOldDefault(store as FileKeyStore, opts.dataDir)))) {
      if (opts.allowDevelopment === false)
        throw signerError(
          `no document signer certificate in ${certPath}: make a request in the token (cardgate pki ds request), have the CSCA issue it and install it (cardgate pki ds install)`,
        );
      await generateDevelopmentPki(store as KeyStore, dir, opts, profile);
      generated = true;
    }
  }
  const cert = await loadCert(certPath);
  if (!(store instanceof PemKeyStore)) await checkStoreKey(store, cert, profile.labels.documentSigner);
  const ou = cert.subjectName.getField('OU')[0];
  generated ||= opts.certFile === undefined && ou === profile.organizationalUnit;
  const c = cert.subjectName.getField('C')[0] ?? opts.country ?? 'RO';
  const cn = cert.subjectName.getField('CN')[0];
  const signerId = (opts.signerId ?? (cn && /^[A-Z0-9]{4}$/.test(cn) ? cn : `${c}CG`)).toUpperCase();
  if (!/^[A-Z0-9]{4}$/.test(signerId)) throw signerError('signerId must be 4 characters A–Z 0–9');
  const csca = await readCertificate(join(dir, PKI_FILES.csca)).catch(() => null);
  return new StoreSigner(
    store as KeyStore,
    profile.labels.documentSigner,
    signerId,
    certReferenceOf(cert),
    new Uint8Array(cert.rawData),
    cert.toString('pem'),
    csca ? csca.toString('pem') : null,
    generated,
  );
}

/**
 * Stations before the key store kept the generated signer as `keys/document-signer.key` and
 * `keys/csca.key` (PEM) beside their certificates: the file store takes the keys under their
 * labels and the certificates move to `pki/`, so seals already issued keep verifying.
 */
async function adoptOldDefault(store: FileKeyStore, dataDir: string): Promise<boolean> {
  const old = join(dataDir, 'keys');
  const pairs = [
    ['document-signer', KEY_LABELS.documentSigner, PKI_FILES.documentSigner],
    ['csca', KEY_LABELS.csca, PKI_FILES.csca],
  ] as const;
  if (!(await readFileIfExists(join(old, 'document-signer.key')))) return false;
  for (const [name, label, certName] of pairs) {
    const key = await readFileIfExists(join(old, `${name}.key`));
    const cert = await readFileIfExists(join(old, `${name}.crt`));
    if (!key || !cert) continue;
    await writeFileDurable(join(store.location, `${label}.pem`), key, 0o600);
    await writeFileDurable(join(pkiDir(dataDir), certName), cert, 0o644);
    await rm(join(old, `${name}.key`));
    await rm(join(old, `${name}.crt`));
  }
  return true;
}

async function loadCert(path: string): Promise<x509.X509Certificate> {
  try {
    const cert = await readCertificate(path);
    if (!cert) throw new Error('no such file');
    return cert;
  } catch (e) {
    throw signerError(`cannot read the document signer certificate ${path}`, e);
  }
}

/** The certificate must be the one of the store's signer key; an unreachable store is checked later. */
async function checkStoreKey(store: KeyStore, cert: x509.X509Certificate, label: string): Promise<void> {
  let key: KeyObject;
  try {
    key = await store.publicKey(label);
  } catch (e) {
    if (isCardgateError(e) && e.code === 'KEY_STORE_UNAVAILABLE') return;
    throw signerError(`the key store has no document signer key for ${cert.subject}`, e);
  }
  const spki = key.export({ format: 'der', type: 'spki' });
  if (!Buffer.from(cert.publicKey.rawData).equals(spki))
    throw signerError('the document signer certificate is not the one of the key in the store');
}
