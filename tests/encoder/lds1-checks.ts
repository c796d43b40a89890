import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTlv } from '../../drivers/encoder/tlv.js';

/**
 * The independent check of EF.SOD: OpenSSL's `cms -verify` against the CSCA (another
 * implementation than ours), and the eContentType OpenSSL reads from it.
 */
export function opensslVerifySod(
  sodFile: Uint8Array,
  cscaPem: string,
): { ok: boolean; eContentType: string | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cardgate-sod-'));
  try {
    const p7 = join(dir, 'sod.p7');
    const ca = join(dir, 'csca.pem');
    writeFileSync(p7, parseTlv(sodFile).value); // the 77 wrapper stripped
    writeFileSync(ca, cscaPem);
    let ok = true;
    let output = '';
    try {
      output = execFileSync(
        'openssl',
        [
          'cms',
          '-verify',
          '-inform',
          'DER',
          '-in',
          p7,
          '-CAfile',
          ca,
          '-purpose',
          'any',
          '-binary',
          '-out',
          join(dir, 'lso.der'),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ).toString();
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
    return { ok, eContentType: m?.[1] ?? null, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
