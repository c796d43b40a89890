import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTlv } from '../../drivers/encoder/tlv.js';

/** What OpenSSL (an implementation other than ours) reads from an EF.SOD. */
export interface OpensslSod {
  /** `cms -verify` against the CSCA succeeded. */
  ok: boolean;
  /** The signed content's type as OpenSSL prints it (the ICAO LDS security object is 2.23.136.1.1.1). */
  eContentType: string | null;
  /** `cms -verify`'s output, or its error text when it failed. */
  output: string;
  /** `cms -cmsout -print` of the whole CMS structure. */
  printed: string;
  /**
   * The data-group hashes of the verified LDSSecurityObject (hex), by data-group number; empty
   * when the signature did not verify, so a caller never compares against unverified content.
   */
  hashes: Map<number, string>;
}

/**
 * The independent check of EF.SOD: OpenSSL's `cms -verify` against the CSCA, the structure it
 * prints, and the data-group hashes it finds in the content it verified.
 */
export function opensslVerifySod(sodFile: Uint8Array, cscaPem: string): OpensslSod {
  const dir = mkdtempSync(join(tmpdir(), 'cardgate-sod-'));
  try {
    const p7 = join(dir, 'sod.p7');
    const ca = join(dir, 'csca.pem');
    const lso = join(dir, 'lso.der');
    writeFileSync(p7, parseTlv(sodFile).value); // the 77 wrapper stripped: a CMS ContentInfo
    writeFileSync(ca, cscaPem);
    const verifyArgs = ['cms', '-verify', '-inform', 'DER', '-in', p7, '-CAfile', ca];
    let ok = true;
    let output = '';
    try {
      output = execFileSync('openssl', [...verifyArgs, '-purpose', 'any', '-binary', '-out', lso], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }).toString();
    } catch (e) {
      ok = false;
      output = String((e as { stderr?: Buffer }).stderr ?? e);
    }
    const printed = execFileSync('openssl', [
      'cms',
      '-cmsout',
      '-print',
      '-inform',
      'DER',
      '-in',
      p7,
    ]).toString();
    const m = /eContentType: .*?\(?([0-9.]+)\)?\s*$/m.exec(printed);
    return {
      ok,
      eContentType: m?.[1] ?? null,
      output,
      printed,
      hashes: ok ? dataGroupHashes(lso) : new Map(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The DataGroupHash entries of a DER LDSSecurityObject, read by `openssl asn1parse`. */
function dataGroupHashes(lsoFile: string): Map<number, string> {
  const parsed = execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', lsoFile]).toString();
  // Each DataGroupHash is an INTEGER (the number) followed by an OCTET STRING (the hash); the
  // version INTEGER and the algorithm's NULL never precede an OCTET STRING, so they drop out.
  const hashes = new Map<number, string>();
  let dg: number | null = null;
  for (const line of parsed.split('\n')) {
    const int = /prim: INTEGER\s+:([0-9A-F]+)/.exec(line);
    const oct = /prim: OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)/.exec(line);
    if (int) dg = parseInt(int[1]!, 16);
    else if (oct && dg !== null) {
      hashes.set(dg, oct[1]!.toLowerCase());
      dg = null;
    }
  }
  return hashes;
}

const value = (c: string): number =>
  c >= '0' && c <= '9' ? +c : c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - 55 : 0;
const cd = (s: string): string =>
  String([...s].reduce((a, c, i) => a + value(c) * [7, 3, 1][i % 3]!, 0) % 10);

/** A valid TD1 MRZ (90 characters) for a document number, birth and expiry date. */
export function td1Mrz(doc = 'RO1234567', dob = '900101', doe = '311127'): string {
  const l1 = `IDROU${doc}${cd(doc)}`.padEnd(30, '<');
  const l2head = `${dob}${cd(dob)}F${doe}${cd(doe)}XXA`.padEnd(29, '<');
  const composite = cd(l1.slice(5, 30) + l2head.slice(0, 7) + l2head.slice(8, 15) + l2head.slice(18, 29));
  return l1 + l2head + composite + 'POPESCU<<ANA<MARIA'.padEnd(30, '<');
}
