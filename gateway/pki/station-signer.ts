import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { join } from 'node:path';
import { CardgateError } from '../core/errors.js';
import { KEY_LABELS, type KeyStore } from '../keys/key-store.js';
import { requestDs, type PkiName } from './certificates.js';
import { checkSigner } from './chain.js';
import { PKI_FILES, pkiDir, readCertificate, writePem } from './station-pki.js';

/** `cardgate pki ds request`: a CSR for the station's document signer key, made in its token. */
export async function requestStationDs(
  store: KeyStore,
  name: PkiName,
): Promise<x509.Pkcs10CertificateRequest> {
  return requestDs(store, KEY_LABELS.documentSigner, name);
}

/**
 * `cardgate pki ds install`: takes the DS certificate the CSCA issued. It must be for the key in
 * this station's store and chain to the CSCA (given, or the one installed before); both are then
 * written to `<dataDir>/pki/`, where the document signer finds them at the next start.
 */
export async function installStationDs(
  store: KeyStore,
  dataDir: string,
  certPem: string,
  cscaPem?: string,
  now: Date = new Date(),
): Promise<{ ds: x509.X509Certificate; csca: x509.X509Certificate }> {
  const ds = new x509.X509Certificate(certPem);
  const spki = (await store.publicKey(KEY_LABELS.documentSigner)).export({ format: 'der', type: 'spki' });
  if (!Buffer.from(ds.publicKey.rawData).equals(spki))
    throw new CardgateError(
      'PKI_DS_MISMATCH',
      `${ds.subject} is not the certificate of this station's signer key`,
    );
  const csca = cscaPem
    ? new x509.X509Certificate(cscaPem)
    : await readCertificate(join(pkiDir(dataDir), PKI_FILES.csca));
  if (!csca)
    throw new CardgateError('PKI_CSCA_MISSING', 'give the CSCA certificate (--csca FILE) it chains to');
  const verdict = await checkSigner(ds, { cscas: [csca] }, now);
  if (!verdict.ok) throw new CardgateError(verdict.code, verdict.detail);
  await writePem(join(pkiDir(dataDir), PKI_FILES.csca), csca);
  await writePem(join(pkiDir(dataDir), PKI_FILES.documentSigner), ds);
  return { ds, csca };
}
