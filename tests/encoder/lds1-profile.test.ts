import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'mrz';
import { beforeAll, describe, expect, it } from 'vitest';
import { jpegInfo } from '../../drivers/camera/jpeg-info.js';
import { EmulatorEncoder } from '../../drivers/encoder/emulator/emulator-encoder.js';
import type { ChipPersonalization } from '../../drivers/encoder/interface.js';
import { decodeLds } from '../../drivers/encoder/profiles/icao-lds1/data-groups.js';
import { createIcaoLds1Profile } from '../../drivers/encoder/profiles/icao-lds1/profile.js';
import { encoderProfile } from '../../gateway/devices/encoder-profile.js';
import { codeOf } from './encoder-error-code.js';
import { opensslVerifySod, td1Mrz } from './lds1-checks.js';
import { createCsca, issueCrl, issueDs, type TestCa, type TestDs } from './lds1-pki.js';

// The LDS1 profile on the in-process emulator card (an ISO 7816-4 file system: no BAC there).
const face = new Uint8Array(readFileSync(new URL('../fixtures/face.jpg', import.meta.url)));
const LDS_DF = 0x4c44;

function input(signer: TestDs, over: Partial<ChipPersonalization> = {}): ChipPersonalization {
  return {
    jobId: 'job-lds1',
    dg1: new Uint8Array(Buffer.from(td1Mrz(), 'ascii')),
    dg2: face,
    documentData: new Uint8Array(
      Buffer.from(
        JSON.stringify({
          documentNumber: 'RO1234567',
          dateOfIssue: '2026-11-28',
          personalCode: '2900101000011',
          placeOfResidence: 'Str. Exemplu 1, Timișoara',
          issuingAuthority: 'IGI Timișoara',
        }),
      ),
    ),
    signer,
    ...over,
  };
}

describe('icao-lds1 profile on the emulated ISO 7816-4 card', () => {
  let csca: TestCa;
  let ds: TestDs;
  const profile = createIcaoLds1Profile();
  const encoder = async (): Promise<EmulatorEncoder> => {
    const enc = new EmulatorEncoder({ exchangeTimeoutMs: 2000, profile });
    await enc.start();
    return enc;
  };

  beforeAll(async () => {
    csca = await createCsca();
    ds = await issueDs(csca);
  });

  it('writes EF.COM, DG1, DG2, DG11, DG12 and EF.SOD that verify to the CSCA', async () => {
    const enc = await encoder();
    const res = await enc.personalize(input(ds));
    const back = await enc.readBack();
    expect(Object.keys(back.files).sort()).toEqual(['com', 'dg1', 'dg11', 'dg12', 'dg2', 'sod']);
    expect(res.bytesWritten).toBe(Object.values(back.files).reduce((a, f) => a + f.length, 0));
    expect(await enc.verify(csca.der)).toEqual({ ok: true, failures: [] });

    const lds = decodeLds(back.files);
    expect(lds.malformed).toEqual([]);
    expect(lds.com).toEqual({ ldsVersion: '0107', unicodeVersion: '040000', tags: ['61', '75', '6b', '6c'] });
    // DG1 through the independent mrz package.
    const mrz = parse(lds.mrz!.match(/.{30}/g)!);
    expect(mrz.valid).toBe(true);
    expect(mrz.format).toBe('TD1');
    expect(mrz.fields.documentNumber).toBe('RO1234567');
    // DG2: the 19794-5 record gives back the very JPEG written, with its size in the header.
    expect(Buffer.from(lds.face!.image)).toEqual(Buffer.from(face));
    expect(lds.face!.header).toMatchObject({
      version: '010',
      images: 1,
      imageDataType: 0,
      ...jpegInfo(face),
    });
    expect(lds.dg11).toEqual({
      personalNumber: '2900101000011',
      placeOfResidence: 'Str. Exemplu 1, Timișoara',
    });
    expect(lds.dg12).toEqual({ issuingAuthority: 'IGI Timișoara', dateOfIssue: '20261128' });
  });

  it('writes DG11 and DG12 only when the card carries their fields', async () => {
    const enc = await encoder();
    await enc.personalize(
      input(ds, { documentData: new Uint8Array(Buffer.from('{"documentNumber":"RO1234567"}')) }),
    );
    const back = await enc.readBack();
    expect(Object.keys(back.files).sort()).toEqual(['com', 'dg1', 'dg2', 'sod']);
    expect(decodeLds(back.files).com?.tags).toEqual(['61', '75']);
    expect(profile.check(back, { csca: [csca.der] }).hashes).toEqual({ dg1: 'match', dg2: 'match' });
  });

  it('EF.SOD verifies with openssl cms -verify against the CSCA, eContent type 2.23.136.1.1.1', async () => {
    const enc = await encoder();
    await enc.personalize(input(ds));
    const { files } = await enc.readBack();
    const checked = opensslVerifySod(files.sod!, csca.pem);
    expect(checked.output).not.toMatch(/error/i);
    expect(checked.ok).toBe(true);
    expect(checked.eContentType).toBe('2.23.136.1.1.1');
    // The signed hashes are those of the data groups on the card, as OpenSSL reads them.
    expect(checked.hashes.get(1)).toBe(createHash('sha256').update(files.dg1!).digest('hex'));
    expect(checked.hashes.get(2)).toBe(createHash('sha256').update(files.dg2!).digest('hex'));
    // …and fails there against another CSCA: the check can fail.
    expect(opensslVerifySod(files.sod!, (await createCsca('CN=other CSCA,C=RO')).pem).ok).toBe(false);
  });

  it('a changed data group fails with DG_HASH_MISMATCH', async () => {
    const enc = await encoder();
    await enc.personalize(input(ds));
    const dg2 = enc.control.card()!.ef([LDS_DF, 0x0102])!;
    const at = dg2.data.length - 10;
    dg2.data[at] = dg2.data[at]! ^ 0xff;
    expect(await enc.verify(csca.der)).toEqual({ ok: false, failures: ['dg2'], code: 'DG_HASH_MISMATCH' });
  });

  it('a SOD signed by a DS of another CSCA fails with SIGNER_UNKNOWN, and such a card does not count', async () => {
    const rogue = await issueDs(await createCsca('CN=rogue CSCA,C=XX'));
    const enc = await encoder();
    await enc.personalize(input(rogue));
    expect(await enc.verify(csca.der)).toEqual({ ok: false, failures: ['chain'], code: 'SIGNER_UNKNOWN' });
    const refused = await encoder();
    expect(await codeOf(refused.personalize(input({ ...rogue, cscaCertificateDer: csca.der })))).toBe(
      'SIGNER_UNKNOWN',
    );
  });

  it('a DS revoked by the CSCA CRL fails with SIGNER_REVOKED', async () => {
    const revoked = await issueDs(csca, 'CN=revoked DS,C=RO');
    const crl = await issueCrl(csca, [revoked.serial]);
    const enc = await encoder();
    expect(await codeOf(enc.personalize(input({ ...revoked, crlsDer: [crl] })))).toBe('SIGNER_REVOKED');
    const checked = createIcaoLds1Profile({ trust: () => ({ csca: [csca.der], crls: [crl] }) });
    const contents = await enc.readBack();
    expect(checked.verify(contents)).toEqual({ ok: false, failures: ['revoked'], code: 'SIGNER_REVOKED' });
    // The same CRL does not touch a DS it does not list.
    const good = await encoder();
    await good.personalize(input({ ...ds, crlsDer: [crl] }));
    expect(checked.check(await good.readBack()).revocation).toBe('not-revoked');
  });

  it('the station profile trusts the CSCA and CRL in <dataDir>/pki, read again at each check', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cardgate-lds1-trust-'));
    try {
      mkdirSync(join(dataDir, 'pki'));
      writeFileSync(join(dataDir, 'pki', 'csca.crt'), csca.pem);
      const station = await encoderProfile('icao-lds1', dataDir);
      expect(station.name).toBe('icao-lds1');
      const enc = new EmulatorEncoder({ exchangeTimeoutMs: 2000, profile: station });
      await enc.start();
      // The signer names no CSCA: the read-back trusts the station's PKI folder only.
      await enc.personalize(input({ ...ds, cscaCertificateDer: undefined }));
      expect(await enc.verify()).toEqual({ ok: true, failures: [] });
      writeFileSync(join(dataDir, 'pki', 'csca.crl'), await issueCrl(csca, [ds.serial]));
      expect(await enc.verify()).toMatchObject({ ok: false, code: 'SIGNER_REVOKED' });
      expect((await encoderProfile('iso7816-fs', dataDir)).name).toBe('iso7816-fs');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to overwrite a personalised card unless told to wipe it', async () => {
    const enc = await encoder();
    await enc.personalize(input(ds));
    expect(await codeOf(enc.personalize(input(ds)))).toBe('FILE_EXISTS');
    await enc.personalize(input(ds, { wipe: true }));
    expect(await enc.verify(csca.der)).toMatchObject({ ok: true });
  });
});
