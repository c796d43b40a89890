import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseMrz } from 'mrz';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeTd1 } from '../../gateway/document/mrz/index.js';
import { readTd1 } from '../../gateway/document/mrz/read-td1.js';
import type { PersonRecord } from '../../gateway/document/person.js';
import {
  decodeSeal,
  loadDocumentSigner,
  makeDocumentSeal,
  parseTrust,
  sealContent,
  verifySeal,
  verifySealWeb,
  type DocumentSigner,
} from '../../gateway/document/seal/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// The seals below are dated 2026-11-28: the signers' certificates are made on that day too, so
// their validity holds whatever day the tests run.
const SIGNED_ON = new Date('2026-11-28T12:00:00Z');

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'persons');
const load = (f: string) => JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as PersonRecord;
const person = load('romanian-diacritics.json');
const mrz = composeTd1(person as Parameters<typeof composeTd1>[0]);

let signer: DocumentSigner;
let other: DocumentSigner;
let trust: ReturnType<typeof parseTrust>;
beforeAll(async () => {
  signer = await loadDocumentSigner({ dataDir: makeTempDir('cardgate-webseal-'), now: SIGNED_ON });
  other = await loadDocumentSigner({ dataDir: makeTempDir('cardgate-webseal-other-'), now: SIGNED_ON });
  trust = parseTrust({ signers: [signer.certificatePem], cscas: [signer.caCertificatePem!] });
});

describe('seal verification with WebCrypto (the verify page’s code)', () => {
  it('accepts a seal the document signer made, with the chain to its country signing CA checked', async () => {
    const bytes = await makeDocumentSeal(person, mrz, signer, { signatureDate: '2026-11-28' });
    const verdict = await verifySealWeb(bytes, trust);
    expect(verdict).toMatchObject({ valid: true, chain: 'checked' });
    expect(verdict.signer?.certReference).toBe(signer.certReference);
    // the server's node:crypto verification agrees
    expect(verifySeal(bytes, signer.certificatePem).valid).toBe(true);
  });

  it('refuses every single flipped byte, as the server does', async () => {
    const bytes = await makeDocumentSeal(person, mrz, signer, { signatureDate: '2026-11-28' });
    for (let i = 0; i < bytes.length; i++) {
      const bad = Uint8Array.from(bytes);
      bad[i] = bad[i]! ^ 0x01;
      const web = await verifySealWeb(bad, trust);
      expect(web.valid, `byte ${i}`).toBe(false);
      expect(verifySeal(bad, signer.certificatePem).valid, `byte ${i}`).toBe(false);
    }
  });

  it('names an unknown signer, a wrong chain and an unsigned or garbled seal', async () => {
    const foreign = await makeDocumentSeal(person, mrz, other, { signatureDate: '2026-11-28' });
    expect(await verifySealWeb(foreign, trust)).toMatchObject({ valid: false, reason: 'UNKNOWN_SIGNER' });
    // the other station's signer trusted, but only our CA: its certificate does not chain
    const mixed = parseTrust({ signers: [other.certificatePem], cscas: [signer.caCertificatePem!] });
    expect(await verifySealWeb(foreign, mixed)).toMatchObject({ valid: false, reason: 'CHAIN' });
    // no CA given: the signature is checked, and the verdict says the chain was not
    const bare = parseTrust({ signers: [other.certificatePem], cscas: [] });
    expect(await verifySealWeb(foreign, bare)).toMatchObject({ valid: true, chain: 'unchecked' });
    const sealed = await makeDocumentSeal(person, mrz, signer, { signatureDate: '2026-11-28' });
    const unsigned = decodeSeal(sealed).signedBytes;
    expect(await verifySealWeb(unsigned, trust)).toMatchObject({ valid: false, reason: 'UNSIGNED' });
    expect(await verifySealWeb(new Uint8Array(40), trust)).toMatchObject({
      valid: false,
      reason: 'MALFORMED',
    });
    expect(parseTrust({ signers: ['not a certificate'], cscas: [] }).signers).toHaveLength(0);
  });

  it('refuses a seal signed outside the signer certificate’s validity', async () => {
    const late = await makeDocumentSeal(person, mrz, signer, { signatureDate: '2099-01-01' });
    expect(await verifySealWeb(late, trust)).toMatchObject({
      valid: false,
      reason: 'CERT_NOT_VALID_AT_SIGNING',
    });
  });

  it('finds the signer the header names among several trusted certificates', async () => {
    const cert = new x509.X509Certificate(signer.certificatePem);
    const bytes = await makeDocumentSeal(person, mrz, signer, { signatureDate: '2026-11-28' });
    const otherCert = new x509.X509Certificate(other.certificatePem);
    expect(otherCert.serialNumber).not.toBe(cert.serialNumber);
    const withOther = parseTrust({ signers: [other.certificatePem, signer.certificatePem], cscas: [] });
    expect((await verifySealWeb(bytes, withOther)).valid).toBe(true);
  });
});

describe('what the seal carries, read for the verify page', () => {
  it('reads every fixture person’s MRZ as the independent mrz package does', async () => {
    for (const file of readdirSync(fixtures)) {
      const p = load(file);
      const lines = composeTd1({ ...p, documentNumber: p.documentNumber ?? 'RT0000010' } as Parameters<
        typeof composeTd1
      >[0]);
      const fields = readTd1(lines)!;
      const ref = parseMrz(lines).fields;
      expect(fields.checkDigitsHold, file).toBe(true);
      expect(parseMrz(lines).valid, file).toBe(true);
      expect(fields.documentNumber, file).toBe(ref.documentNumber);
      expect(fields.dateOfBirth, file).toBe(ref.birthDate);
      expect(fields.dateOfExpiry, file).toBe(ref.expirationDate);
      expect(fields.nationality, file).toBe(ref.nationality);
      expect(fields.primaryIdentifier, file).toBe(ref.lastName);
      expect(fields.secondaryIdentifier, file).toBe(ref.firstName ?? '');
    }
  });

  it('reads a long document number continued in the optional data, and notices a wrong check digit', () => {
    const lines = composeTd1({ ...person, documentNumber: 'RT12345678901' } as Parameters<
      typeof composeTd1
    >[0]);
    expect(readTd1(lines)).toMatchObject({ documentNumber: 'RT12345678901', checkDigitsHold: true });
    const broken = [
      lines[0],
      lines[1].slice(0, 14) + ((Number(lines[1][14]) + 1) % 10) + lines[1].slice(15),
      lines[2],
    ];
    expect(readTd1(broken)?.checkDigitsHold).toBe(false);
    expect(readTd1(['SHORT', 'X', 'Y'])).toBeNull();
  });

  it('shows the seal’s header, MRZ fields, personal code and declared-identity flag', async () => {
    const bytes = await makeDocumentSeal(person, mrz, signer, { signatureDate: '2026-11-28' });
    const c = sealContent(decodeSeal(bytes));
    expect(c).toMatchObject({
      issuingState: 'ROU',
      certReference: signer.certReference,
      signatureDate: '2026-11-28',
      mrz: [...mrz],
      personalCode: '7881403123456',
      identityDeclared: false,
    });
    expect(c.fields).toMatchObject({ documentNumber: 'RT0000010', primaryIdentifier: 'STEFANESCU TARANU' });
  });
});
