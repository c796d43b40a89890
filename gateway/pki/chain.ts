import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { CardgateError } from '../core/errors.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** What a verifier trusts: CSCA certificates and the CRLs they issued. */
export interface PkiTrust {
  cscas: readonly x509.X509Certificate[];
  crls?: readonly x509.X509Crl[];
}

export type SignerCheckCode =
  'PKI_SIGNER_UNKNOWN' | 'PKI_SIGNER_REVOKED' | 'PKI_SIGNER_EXPIRED' | 'PKI_CRL_INVALID';

export type SignerVerdict =
  | {
      ok: true;
      csca: x509.X509Certificate;
      /** `checked`: a CRL of this CSCA was consulted; `none`: the verifier holds none. */
      crl: 'checked' | 'none';
    }
  | { ok: false; code: SignerCheckCode; detail: string };

const DAY = 86_400_000;

/**
 * The checks Doc 9303-11 passive authentication and Doc 9303-13 seal verification make on a
 * document signer certificate, shared by the seal verifier and the chip's security object check:
 * issued (and signed) by a trusted CSCA, valid at the signing time (a day's tolerance for a seal
 * that holds a date only), and not on that CSCA's CRL. A CRL that does not verify under the CSCA
 * is refused rather than ignored.
 */
export async function checkSigner(
  signer: x509.X509Certificate,
  trust: PkiTrust,
  signedAt: Date,
  opts: { toleranceMs?: number } = {},
): Promise<SignerVerdict> {
  let csca: x509.X509Certificate | undefined;
  for (const c of trust.cscas) {
    if (c.subject !== signer.issuer) continue;
    if (await signer.verify({ publicKey: c.publicKey, signatureOnly: true }).catch(() => false)) {
      csca = c;
      break;
    }
  }
  if (!csca)
    return {
      ok: false,
      code: 'PKI_SIGNER_UNKNOWN',
      detail: `no trusted CSCA issued ${signer.subject} (issuer ${signer.issuer})`,
    };
  const tolerance = opts.toleranceMs ?? 0;
  const t = signedAt.getTime();
  for (const [what, cert] of [
    ['document signer', signer],
    ['CSCA', csca],
  ] as const) {
    if (t + tolerance < cert.notBefore.getTime() || t - tolerance > cert.notAfter.getTime())
      return {
        ok: false,
        code: 'PKI_SIGNER_EXPIRED',
        detail: `the ${what} certificate (${cert.notBefore.toISOString()} – ${cert.notAfter.toISOString()}) was not valid at ${signedAt.toISOString()}`,
      };
  }
  const crls = (trust.crls ?? []).filter((c) => c.issuer === csca.subject);
  for (const crl of crls) {
    if (!(await crl.verify({ publicKey: csca.publicKey }).catch(() => false)))
      return {
        ok: false,
        code: 'PKI_CRL_INVALID',
        detail: `a CRL naming ${csca.subject} is not signed by it`,
      };
    const entry = crl.findRevoked(signer);
    if (entry)
      return {
        ok: false,
        code: 'PKI_SIGNER_REVOKED',
        detail: `${signer.subject} (serial ${signer.serialNumber}) was revoked on ${entry.revocationDate.toISOString()}`,
      };
  }
  return { ok: true, csca, crl: crls.length > 0 ? 'checked' : 'none' };
}

/** The verdict as the typed error of its code (for callers that throw). */
export function signerError(v: Extract<SignerVerdict, { ok: false }>): CardgateError {
  return new CardgateError(v.code, v.detail);
}

export { DAY as ONE_DAY_MS };
