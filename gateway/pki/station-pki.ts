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

export async function writePem(file: string, item: { toString(format: 'pem'): string }): Promise<void> {
  await writeFileDurable(file, item.toString('pem') + '\n', 0o644);
}
