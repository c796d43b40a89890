import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeTd1 } from '../../gateway/document/mrz/index.js';
import type { PersonRecord } from '../../gateway/document/person.js';
import {
  decodeC40,
  decodeSeal,
  describeSeal,
  encodeC40,
  encodeSeal,
  loadDocumentSigner,
  makeDocumentSeal,
  verifySeal,
  type DocumentSigner,
} from '../../gateway/document/seal/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';

// The seals below are dated 2026-11-28: the signers' certificates are made on that day too, so
// their validity holds whatever day the tests run.
const SIGNED_ON = new Date('2026-11-28T12:00:00Z');

const person = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'persons', 'romanian-diacritics.json'), 'utf8'),
) as PersonRecord;
const mrz = composeTd1(person as Parameters<typeof composeTd1>[0]);

let dataDir: string;
let signer: DocumentSigner;
beforeAll(async () => {
  dataDir = makeTempDir('cardgate-seal-');
  signer = await loadDocumentSigner({ dataDir, now: SIGNED_ON });
});

describe('C40', () => {
  it('encodes the Doc 9303 part 13 examples', () => {
    // "ABC" → U = 14,15,16 → 1600·14 + 40·15 + 16 + 1 = 23017 = 0x59E9
    expect([...encodeC40('ABC')]).toEqual([0x59, 0xe9]);
    expect(decodeC40(Uint8Array.of(0x59, 0xe9))).toBe('ABC');
    // one character left over: 0xFE then ASCII + 1
    expect([...encodeC40('ABCD')]).toEqual([0x59, 0xe9, 0xfe, 0x45]);
    // two left over: padded with shift value 0
    expect(decodeC40(encodeC40('UTO'))).toBe('UTO');
    expect(decodeC40(encodeC40('D<'), { mrz: true })).toBe('D<');
    for (const s of ['', 'A', 'AB', 'ABC', 'ABCD', 'ABCDE', 'I<UTOD231458907<<<<<<<<<<<<<<<'])
      expect(decodeC40(encodeC40(s), { mrz: true })).toBe(s);
  });
});

describe('Visible Digital Seal', () => {
  it('generates the embedded signer once in the key store, marked DEVELOPMENT, keys readable only by the owner', async () => {
    const keyFile = join(dataDir, 'keys', 'cardgate-document-signer.pem');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'keys', 'cardgate-csca.pem')).mode & 0o777).toBe(0o600);
    const again = await loadDocumentSigner({ dataDir });
    expect(again.certReference).toBe(signer.certReference);
    expect(JSON.stringify(again)).not.toContain('PRIVATE');
    expect(signer.generated).toBe(true);
    expect(again.generated).toBe(true);
    expect(new X509Certificate(signer.certificatePem).subject).toContain('DEVELOPMENT ONLY');
    expect(new X509Certificate(signer.caCertificatePem!).subject).toContain('DEVELOPMENT ONLY');
  });

  it('round-trips encode → decode → verify, for version 3 and version 4 headers', async () => {
    for (const version of [3, 4] as const) {
      const bytes = await makeDocumentSeal(person, mrz, signer, { version, signatureDate: '2026-11-28' });
      expect(bytes[0]).toBe(0xdc);
      expect(bytes[1]).toBe(version === 3 ? 0x02 : 0x03);
      const decoded = decodeSeal(bytes);
      expect(decoded.header).toMatchObject({
        version,
        issuingState: 'ROU',
        signerId: signer.signerId,
        certReference: signer.certReference,
        issueDate: person.dateOfIssue,
        signatureDate: '2026-11-28',
      });
      expect(decoded.signature).toHaveLength(64);
      const described = describeSeal(bytes);
      expect(described.features[0]).toMatchObject({ name: 'mrz', value: mrz });
      expect(described.features[1]).toMatchObject({ name: 'personalCode', value: person.personalCode });
      const verdict = verifySeal(bytes, signer.certificateDer);
      expect(verdict.valid).toBe(true);
    }
  });

  it('fails verification when any one byte is flipped', async () => {
    const bytes = await makeDocumentSeal(person, mrz, signer, { signatureDate: '2026-11-28' });
    for (const i of [5, 20, Math.floor(bytes.length / 2), bytes.length - 70, bytes.length - 1]) {
      const bad = bytes.slice();
      bad[i]! ^= 0x01;
      expect(verifySeal(bad, signer.certificatePem).valid, `byte ${i}`).toBe(false);
    }
  });

  it('refuses a seal verified with another signer certificate', async () => {
    const other = await loadDocumentSigner({ dataDir: makeTempDir('cardgate-seal-'), now: SIGNED_ON });
    const bytes = await makeDocumentSeal(person, mrz, signer, { signatureDate: '2026-11-28' });
    const verdict = verifySeal(bytes, other.certificateDer);
    expect(verdict.valid).toBe(false);
    // same reference by chance is possible in theory; then the signature must still fail
    if (!verdict.valid) expect(['CERT_MISMATCH', 'SIGNATURE']).toContain(verdict.reason);
  });

  it('decodes a seal with long DER lengths and unknown features generically', async () => {
    const long = new Uint8Array(300).fill(0x41);
    const bytes = await encodeSeal(
      {
        version: 4,
        issuingState: 'UTO',
        signerId: 'UTTS',
        certReference: '5E9',
        issueDate: '2020-03-21',
        signatureDate: '2020-03-22',
        featureDefinitionRef: 0x42,
        documentTypeCategory: 0x09,
      },
      [
        { tag: 0x07, value: encodeC40('HELLO WORLD') },
        { tag: 0x08, value: long },
      ],
      signer,
    );
    const d = describeSeal(bytes);
    expect(d.header.profile).toBeNull();
    expect(d.header.certReference).toBe('5E9');
    expect(d.features[0]).toMatchObject({ tag: 7, value: 'HELLO WORLD' });
    expect(d.features[1]).toMatchObject({ tag: 8, length: 300 });
  });

  it('answers SEAL_MALFORMED for bytes that are not a seal', () => {
    expect(() => decodeSeal(Uint8Array.of(1, 2, 3))).toThrow(
      expect.objectContaining({ code: 'SEAL_MALFORMED' }),
    );
    const verdict = verifySeal(new Uint8Array(30), signer.certificateDer);
    expect(verdict).toMatchObject({ valid: false, reason: 'MALFORMED' });
  });

  it('loads a configured signer from key and certificate files, and refuses a mismatched pair', async () => {
    const keys = join(dataDir, 'keys');
    const certFile = join(dataDir, 'pki', 'document-signer.crt');
    const configured = await loadDocumentSigner({
      dataDir: '/nonexistent',
      keyFile: join(keys, 'cardgate-document-signer.pem'),
      certFile,
    });
    expect(configured.generated).toBe(false);
    expect(configured.certReference).toBe(signer.certReference);
    await expect(
      loadDocumentSigner({
        dataDir: '/nonexistent',
        keyFile: join(keys, 'cardgate-csca.pem'),
        certFile,
      }),
    ).rejects.toMatchObject({ code: 'SIGNER_INVALID' });
  });

  it('signs the chip data as a ChipSigner (raw r‖s verifiable with the certificate)', async () => {
    const { createPublicKey, verify } = await import('node:crypto');
    const data = new TextEncoder().encode('security object');
    const sig = await signer.sign(data);
    expect(sig).toHaveLength(64);
    const key = createPublicKey(signer.certificatePem);
    expect(verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
  });
});
