import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import type { DecodedSeal } from './codec.js';
import {
  certificateMismatch,
  certReferenceOf,
  decodeForCheck,
  sealCertReference,
  type SealVerdict,
} from './verify-core.js';

/** The certificates a verifier trusts: document signers and the country signing CAs above them. */
export interface SealTrust {
  signers: X509Certificate[];
  /** Empty: the signer certificates are trusted as given (no chain is checked; the verdict says so). */
  cscas: X509Certificate[];
}

/** The PEM (or DER base64) texts a station or HQ publishes, parsed; unreadable ones are dropped. */
export function parseTrust(published: { signers: readonly string[]; cscas: readonly string[] }): SealTrust {
  const parse = (pems: readonly string[]): X509Certificate[] =>
    pems.flatMap((p) => {
      try {
        return [new X509Certificate(p)];
      } catch {
        return [];
      }
    });
  return { signers: parse(published.signers), cscas: parse(published.cscas) };
}

export type WebSealVerdict = SealVerdict & {
  /** The signer certificate that verified (or failed to verify) the seal. */
  signer?: { subject: string; certReference: string };
  /** Whether the signer's certificate was checked against a country signing CA. */
  chain?: 'checked' | 'unchecked';
};

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

async function issuedByTrustedCa(cert: X509Certificate, cscas: readonly X509Certificate[]): Promise<boolean> {
  for (const ca of cscas) {
    if (ca.subject !== cert.issuer) continue;
    if (await cert.verify({ publicKey: ca.publicKey, signatureOnly: true }).catch(() => false)) return true;
  }
  return false;
}

/**
 * Verifies a seal offline in a browser (WebCrypto) or in Node (global crypto): finds the signer
 * certificate the header names among the trusted ones, checks its chain to a country signing CA
 * when CAs are given, its validity on the signature date, and the ECDSA P-256 signature (raw
 * r‖s, which is WebCrypto's own form). The checks before the signature are verify-core's, the
 * same ones the server's verifySeal runs.
 */
export async function verifySealWeb(
  bytes: Uint8Array,
  trust: SealTrust,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<WebSealVerdict> {
  const decoded = decodeForCheck(bytes);
  if ('verdict' in decoded) return decoded.verdict;
  const { seal, signature } = decoded;
  const ref = sealCertReference(seal);
  const candidates = trust.signers.filter((c) => certReferenceOf(c) === ref);
  if (candidates.length === 0)
    return {
      valid: false,
      reason: 'UNKNOWN_SIGNER',
      detail: `no trusted signer certificate ${seal.header.certReference}`,
      seal,
    };
  let last: WebSealVerdict | null = null;
  for (const cert of candidates) {
    const signer = { subject: cert.subject, certReference: certReferenceOf(cert) };
    last = await checkWith(seal, signature, cert, trust, subtle);
    last = { ...last, signer };
    if (last.valid) return last;
  }
  return last!;
}

async function checkWith(
  seal: DecodedSeal,
  signature: Uint8Array,
  cert: X509Certificate,
  trust: SealTrust,
  subtle: SubtleCrypto,
): Promise<WebSealVerdict> {
  const mismatch = certificateMismatch(seal, cert);
  if (mismatch) return mismatch;
  const chain = trust.cscas.length > 0 ? 'checked' : 'unchecked';
  if (chain === 'checked' && !(await issuedByTrustedCa(cert, trust.cscas)))
    return {
      valid: false,
      reason: 'CHAIN',
      detail: 'the signer certificate is not issued by a trusted country signing CA',
      seal,
    };
  let ok = false;
  try {
    const key = await subtle.importKey('spki', cert.publicKey.rawData, ECDSA_P256, false, ['verify']);
    ok = await subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      Uint8Array.from(signature),
      Uint8Array.from(seal.signedBytes),
    );
  } catch {
    ok = false;
  }
  return ok
    ? { valid: true, seal, chain }
    : { valid: false, reason: 'SIGNATURE', detail: 'the signature does not hold', seal, chain };
}
