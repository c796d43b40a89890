import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { compactDecrypt, compactVerify, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { CardgateError } from '../../gateway/core/errors.js';
import { openRecord, type OpenRecordOptions } from '../../gateway/handoff/jose/open-record.js';
import { sealRecord } from '../../gateway/handoff/jose/seal-record.js';
import { signCompactJws } from '../../gateway/handoff/jose/store-jws.js';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import { KEY_LABELS } from '../../gateway/keys/key-store.js';
import { sampleRecord } from '../helpers/issuance-record.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const THUMB = 'T'.repeat(43);

async function setup() {
  const store = new FileKeyStore(join(makeTempDir('cg-jose-'), 'keys'));
  const stationPub = await store.createSigningKey(KEY_LABELS.stationIdentity);
  const hq = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const seal = (record: unknown, recipient: KeyObject = hq.publicKey) =>
    sealRecord(record as ReturnType<typeof sampleRecord>, {
      store,
      signingLabel: KEY_LABELS.stationIdentity,
      certThumbprint: THUMB,
      recipient,
      recipientKid: 'rk-1',
    });
  const opener = (over: Partial<OpenRecordOptions> = {}): OpenRecordOptions => ({
    decryptionKey: async (kid) => (kid === 'rk-1' ? hq.privateKey : undefined),
    signer: async (thumb) => {
      if (thumb !== THUMB) throw new CardgateError('STATION_UNKNOWN', 'unknown');
      return { stationId: 'st-01', siteId: 'site-ro-gl', publicKey: stationPub };
    },
    ...over,
  });
  return { store, stationPub, hq, seal, opener };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as CardgateError).code;
  }
  return 'resolved';
}

describe('issuance record JOSE: JWS (station key, through the KeyStore) inside a JWE to HQ', () => {
  it('round-trips: HQ decrypts, verifies against the station key and gets the record back', async () => {
    const { seal, opener, hq, stationPub } = await setup();
    const record = sampleRecord();
    const jwe = await seal(record);
    expect(decodeProtectedHeader(jwe)).toMatchObject({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: 'rk-1' });
    // The ciphertext does not carry the person in the clear.
    expect(jwe).not.toContain('Shevchenko');
    expect(Buffer.from(jwe.split('.')[3]!, 'base64url').toString('latin1')).not.toContain('Shevchenko');

    // jose itself (not our opener) reads the nesting: the inner JWS verifies as ES256.
    const inner = new TextDecoder().decode((await compactDecrypt(jwe, hq.privateKey)).plaintext);
    const { payload, protectedHeader } = await compactVerify(inner, stationPub, { algorithms: ['ES256'] });
    expect(protectedHeader['x5t#S256']).toBe(THUMB);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(record);

    const opened = await openRecord(jwe, opener());
    expect(opened.record).toEqual(record);
    expect(opened.jws).toBe(inner);
  });

  it('refuses each kind of bad record with its own code', async () => {
    const { seal, opener, hq, store } = await setup();
    const good = await seal(sampleRecord());
    const parts = good.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[10] = flipped[10]! ^ 1;
    const tampered = [...parts.slice(0, 3), flipped.toString('base64url'), parts[4]].join('.');
    expect(await codeOf(openRecord(tampered, opener()))).toBe('RECORD_DECRYPT_FAILED');
    expect(await codeOf(openRecord('not.a.jwe', opener()))).toBe('RECORD_JOSE_MALFORMED');
    expect(await codeOf(openRecord('{"hello":1}', opener()))).toBe('RECORD_JOSE_MALFORMED');

    // Encrypted to another HQ: HQ's key does not open it.
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(await codeOf(openRecord(await seal(sampleRecord(), other.publicKey), opener()))).toBe(
      'RECORD_DECRYPT_FAILED',
    );
    expect(await codeOf(openRecord(good, opener({ decryptionKey: async () => undefined })))).toBe(
      'RECORD_KEY_UNKNOWN',
    );

    // Signed by another station's key but naming this station's certificate.
    await store.createSigningKey('impostor');
    const { CompactEncrypt } = await import('jose');
    const forgedJws = await signCompactJws(
      store,
      'impostor',
      { 'x5t#S256': THUMB },
      new TextEncoder().encode(JSON.stringify(sampleRecord())),
    );
    const forged = await new CompactEncrypt(new TextEncoder().encode(forgedJws))
      .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: 'rk-1' })
      .encrypt(hq.publicKey);
    expect(await codeOf(openRecord(forged, opener()))).toBe('RECORD_SIGNATURE_INVALID');

    // Validly signed, but not a record / a record of another station.
    const noPhotoField = { ...sampleRecord(), photoJpeg: undefined };
    expect(await codeOf(openRecord(await seal(noPhotoField), opener()))).toBe('RECORD_SCHEMA');
    expect(await codeOf(openRecord(await seal({ ...sampleRecord(), extra: 1 }), opener()))).toBe(
      'RECORD_SCHEMA',
    );
    expect(await codeOf(openRecord(await seal(sampleRecord({ stationId: 'st-99' })), opener()))).toBe(
      'RECORD_STATION_MISMATCH',
    );
    expect(
      await codeOf(
        openRecord(
          good,
          opener({ signer: async () => Promise.reject(new CardgateError('STATION_SUSPENDED', 's')) }),
        ),
      ),
    ).toBe('STATION_SUSPENDED');
  });
});
