import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { join } from 'node:path';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';

/**
 * The public half of a station's PKI, in `<dataDir>/pki/` (certificates are public; no private
 * key is ever written here): the trusted CSCA certificate, the document signer certificate the
 * CSCA issued for the station's token key, and the latest CRL.
 */
export const pkiDir = (dataDir: string): string => join(dataDir, 'pki');
export const PKI_FILES = {
  csca: 'csca.crt',
  documentSigner: 'document-signer.crt',
  crl: 'csca.crl',
} as const;

export async function readCertificate(file: string): Promise<x509.X509Certificate | null> {
  const raw = await readFileIfExists(file);
  if (!raw) return null;
  return new x509.X509Certificate(raw.includes('-----BEGIN') ? raw.toString('utf8') : Uint8Array.from(raw));
}

export async function readCrl(file: string): Promise<x509.X509Crl | null> {
  const raw = await readFileIfExists(file);
  if (!raw) return null;
  return new x509.X509Crl(raw.includes('-----BEGIN') ? raw.toString('utf8') : Uint8Array.from(raw));
}

/** PEM as OpenSSL reads it: a CRL under `X509 CRL` (@peculiar/x509 writes `CRL`). */
export function pemOf(item: x509.X509Certificate | x509.X509Crl | x509.Pkcs10CertificateRequest): string {
  if (item instanceof x509.X509Crl) return x509.PemConverter.encode(item.rawData, 'X509 CRL');
  return item.toString('pem');
}

export async function writePem(
  file: string,
  item: x509.X509Certificate | x509.X509Crl | x509.Pkcs10CertificateRequest,
): Promise<void> {
  await writeFileDurable(file, pemOf(item) + '\n', 0o644);
}
