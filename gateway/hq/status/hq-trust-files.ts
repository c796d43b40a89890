import 'reflect-metadata';
import { BasicConstraintsExtension, X509Certificate } from '@peculiar/x509';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VerifyTrustT } from '../../revocation/verify-contract.js';

/** Where HQ keeps the certificates its verify page trusts: `*.pem` (or `.crt`), one or more each. */
export const verifyTrustDir = (dataDir: string): string => join(dataDir, 'verify', 'trust');

/**
 * The document signer and country signing CA certificates HQ's verify page checks seals
 * against, read from `<dataDir>/verify/trust` (each station's `keys/document-signer.crt` and
 * `csca.crt`, or the national CSCA and DS certificates). A CA certificate (basic constraints
 * cA) is a CSCA, every other one a signer. Public material only; unreadable files are skipped.
 */
export async function readVerifyTrust(dataDir: string): Promise<VerifyTrustT> {
  const dir = verifyTrustDir(dataDir);
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => /\.(pem|crt)$/.test(n)).sort();
  } catch {
    return { signers: [], cscas: [] };
  }
  const out: VerifyTrustT = { signers: [], cscas: [] };
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => '');
    for (const pem of text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
      try {
        const cert = new X509Certificate(pem);
        const ca = cert.getExtension(BasicConstraintsExtension)?.ca === true;
        (ca ? out.cscas : out.signers).push(pem);
      } catch {
        // not a certificate: skipped
      }
    }
  }
  return out;
}
