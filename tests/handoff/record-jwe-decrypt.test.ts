import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { compactDecrypt, compactVerify, CompactEncrypt, CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { decryptRecordJwe } from '../../gateway/handoff/jose/record-jwe-decrypt.js';
import { verifyRecordJws } from '../../gateway/handoff/jose/record-jws-verify.js';

/**
 * HQ opens records on node:crypto, not jose (a measured reason, see record-jwe-decrypt.ts), so
 * jose is the independent implementation it is checked against: what jose seals opens the same,
 * and every alteration jose refuses is refused here too.
 */
const hq = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const station = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const text = new TextEncoder();

const seal = (plaintext: Uint8Array, header: Record<string, unknown> = {}, to: KeyObject = hq.publicKey) =>
  new CompactEncrypt(plaintext)
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: 'rk-1', ...header })
    .encrypt(to);

async function joseOpens(jwe: string): Promise<Buffer | 'refused'> {
  try {
    // jose told what HQ accepts, as HQ's reader used it before.
    const opened = await compactDecrypt(jwe, hq.privateKey, {
      keyManagementAlgorithms: ['ECDH-ES+A256KW'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    return Buffer.from(opened.plaintext);
  } catch {
    return 'refused';
  }
}
function oursOpens(jwe: string): Buffer | 'refused' {
  try {
    return decryptRecordJwe(jwe, hq.privateKey);
  } catch {
    return 'refused';
  }
}

/** One bit flipped at each byte of one part of a compact serialisation (decoded, re-encoded). */
function flips(compact: string, part: number, step: number): string[] {
  const parts = compact.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += step) {
    const b = Buffer.from(bytes);
    b[i] = b[i]! ^ (1 << (i % 8));
    out.push([...parts.slice(0, part), b.toString('base64url'), ...parts.slice(part + 1)].join('.'));
  }
  return out;
}

describe("HQ's record JWE and JWS reader agrees with jose", () => {
  it('opens what jose seals, with and without apu/apv, to the byte', async () => {
    const body = Buffer.from(
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'der', type: 'pkcs8' }),
    );
    for (const header of [{}, { apu: 'c3RhdGlvbg', apv: 'aHE' }]) {
      const jwe = await seal(body, header);
      expect(oursOpens(jwe)).toEqual(body);
      expect(await joseOpens(jwe)).toEqual(body);
    }
  });

  it('refuses every alteration jose refuses: each part bit-flipped, another recipient, other algorithms, an epk off the curve', async () => {
    const jwe = await seal(text.encode('a record'));
    const altered = [
      ...[1, 2, 3, 4].flatMap((part) => flips(jwe, part, 1)),
      ...flips(jwe, 0, 7),
      await seal(text.encode('a record'), {}, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey),
      await new CompactEncrypt(text.encode('x'))
        .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' })
        .encrypt(hq.publicKey),
      await new CompactEncrypt(text.encode('x'))
        .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A128GCM' })
        .encrypt(hq.publicKey),
      'a.b.c.d.e',
      jwe.split('.').slice(0, 4).join('.'),
    ];
    // The epk moved off the curve (y + 1), header otherwise intact: the invalid-curve attack.
    const head = JSON.parse(Buffer.from(jwe.split('.')[0]!, 'base64url').toString()) as {
      epk: { y: string };
    };
    const y = Buffer.from(head.epk.y, 'base64url');
    y[31] = y[31]! ^ 1;
    head.epk.y = y.toString('base64url');
    altered.push(
      [Buffer.from(JSON.stringify(head)).toString('base64url'), ...jwe.split('.').slice(1)].join('.'),
    );
    expect(altered.length).toBeGreaterThan(100);
    const disagree: string[] = [];
    for (const a of altered) {
      const [ours, theirs] = [oursOpens(a), await joseOpens(a)];
      if (ours !== 'refused' || theirs !== 'refused')
        disagree.push(`${a.slice(0, 40)}…: ours ${String(ours)}, jose ${String(theirs)}`);
    }
    expect(disagree).toEqual([]);
    // Sanity for the off-curve case, by arithmetic: y² ≠ x³ − 3x + b (mod p) on P-256.
    const p = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
    const b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
    const big = (v: string) => BigInt(`0x${Buffer.from(v, 'base64url').toString('hex')}`);
    const x = big((head as unknown as { epk: { x: string } }).epk.x);
    const onCurve = (yy: bigint) => (yy * yy - (x * x * x - 3n * x + b)) % p === 0n;
    expect(onCurve(big(head.epk.y))).toBe(false);
    y[31] = y[31]! ^ 1;
    expect(onCurve(big(y.toString('base64url')))).toBe(true);
  });

  it('verifies the ES256 JWS jose signs and refuses what jose refuses', async () => {
    const payload = text.encode(JSON.stringify({ recordId: 'r1' }));
    const jws = await new CompactSign(payload)
      .setProtectedHeader({ alg: 'ES256', 'x5t#S256': 'T'.repeat(43) })
      .sign(station.privateKey);
    expect(verifyRecordJws(jws, station.publicKey).payload).toEqual(Buffer.from(payload));
    expect((await compactVerify(jws, station.publicKey)).payload).toEqual(payload);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const altered = [...[0, 1, 2].flatMap((part) => flips(jws, part, 3))];
    for (const [a, key] of [...altered.map((a) => [a, station.publicKey] as const), [jws, other] as const]) {
      let ours = 'accepted';
      let theirs = 'accepted';
      try {
        verifyRecordJws(a, key);
      } catch {
        ours = 'refused';
      }
      try {
        await compactVerify(a, key, { algorithms: ['ES256'] });
      } catch {
        theirs = 'refused';
      }
      expect({ a: a.slice(0, 30), ours }).toEqual({ a: a.slice(0, 30), ours: theirs });
    }
    // An RSA key is not an ES256 key, whatever the signature.
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(() => verifyRecordJws(jws, rsa)).toThrow(/P-256/);
  });
});
