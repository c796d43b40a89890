import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'mrz';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEncoder } from '../../drivers/encoder/factory.js';
import type {
  CardEncoder,
  ChipContents,
  ChipPersonalization,
  ChipSigner,
} from '../../drivers/encoder/interface.js';
import { loadPcsclite } from '../../drivers/encoder/pcsc/load.js';
import type { PcscFactory } from '../../drivers/encoder/pcsc/types.js';
import { decodeLds } from '../../drivers/encoder/profiles/icao-lds1/data-groups.js';
import { createIcaoLds1Profile } from '../../drivers/encoder/profiles/icao-lds1/profile.js';
import type { LdsReport } from '../../drivers/encoder/profiles/icao-lds1/report.js';
import { runCli } from '../helpers/processes.js';
import { startPcscStack, type PcscStack } from '../helpers/pcsc-stack.js';
import { describeWithSystem } from '../helpers/system.js';
import { KEY_LABELS } from '../../gateway/keys/key-store.js';
import { openKeyStore } from '../../gateway/keys/open-key-store.js';
import { startSoftHsm } from '../helpers/softhsm.js';
import { missingComponents, requireSystem } from '../helpers/system.js';
import { codeOf } from './encoder-error-code.js';
import { rawApdus } from './raw-apdus.js';
import { opensslVerifySod, td1Mrz } from './lds1-checks.js';
import { createCsca, issueDs, issueDsForKey, type TestCa, type TestDs } from './lds1-pki.js';

// The LDS1 profile through real pcscd + vpcd and our virtual JMRTD applet (scripts/vicc/jmrtd_card.py):
// personalisation with the applet's commands, then read-back only through BAC + secure messaging.
const face = new Uint8Array(readFileSync(new URL('../fixtures/face.jpg', import.meta.url)));
const MRZ = td1Mrz('RO7654321', '850315', '311130');

describeWithSystem(
  ['pcscd', 'vicc', 'openssl'],
  'icao-lds1 on the virtual JMRTD applet through pcscd (BAC)',
  () => {
    let stack: PcscStack;
    let factory: PcscFactory;
    let csca: TestCa;
    let ds: TestDs;
    const encoders: CardEncoder[] = [];

    const encoderWith = async (mrz?: string): Promise<CardEncoder> => {
      const enc = createEncoder({
        driver: 'pcsc',
        pcsc: factory,
        exchangeTimeoutMs: 5000,
        retryMs: 200,
        profile: createIcaoLds1Profile(mrz ? { mrz } : {}),
      });
      encoders.push(enc);
      await enc.start();
      await enc.waitForCard(15_000);
      return enc;
    };

    const checked = (c: ChipContents) => createIcaoLds1Profile().verify(c, csca.der);

    const input = (): ChipPersonalization => ({
      jobId: 'job-bac',
      dg1: new Uint8Array(Buffer.from(MRZ, 'ascii')),
      dg2: face,
      documentData: new Uint8Array(
        Buffer.from('{"personalCode":"1850315000012","dateOfIssue":"2026-11-30"}'),
      ),
      signer: ds,
      wipe: true,
    });

    beforeAll(async () => {
      csca = await createCsca();
      ds = await issueDs(csca);
      // Other pcscd users (tests/encoder/pcsc.test.ts, the bench) hold the lock for minutes.
      stack = await startPcscStack({ card: 'jmrtd', lockWaitMs: 600_000 });
      const loaded = loadPcsclite();
      if (!loaded.ok) throw new Error(loaded.reason);
      factory = loaded.factory;
    }, 660_000);

    afterAll(async () => {
      for (const e of encoders) await e.stop();
      await stack?.stop();
    });

    it('personalises the applet, locks it, and reads it back through BAC: hashes, SOD and chain verify', async () => {
      const writer = await encoderWith();
      const res = await writer.personalize(input());
      expect(res.bytesWritten).toBeGreaterThan(face.length);

      const reader = await encoderWith(MRZ);
      const back = await reader.readBack();
      expect(Object.keys(back.files).sort()).toEqual(['com', 'dg1', 'dg11', 'dg12', 'dg2', 'sod']);
      expect(reader.verifyContents(back, csca.der)).toEqual({ ok: true, failures: [] });
      const lds = decodeLds(back.files);
      expect(parse(lds.mrz!.match(/.{30}/g)!).valid).toBe(true);
      expect(Buffer.from(lds.face!.image)).toEqual(Buffer.from(face));
      const openssl = opensslVerifySod(back.files.sod!, csca.pem);
      expect(openssl).toMatchObject({ ok: true, eContentType: '2.23.136.1.1.1' });
    });

    it('cardgate card read --mrz shows EF.COM, the MRZ, the face header, the signer, hashes and chain', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cardgate-lds1-cli-'));
      try {
        writeFileSync(join(dir, 'csca.pem'), csca.pem);
        const args = ['card', 'read', '--mrz', MRZ, '--csca', join(dir, 'csca.pem'), '--wait-ms', '15000'];
        const json = await runCli([...args, '--json']);
        expect(json.stderr).toBe('');
        expect(json.code).toBe(0);
        const report = JSON.parse(json.stdout) as LdsReport;
        expect(report).toMatchObject({
          profile: 'icao-lds1',
          com: { ldsVersion: '0107', tags: ['61', '75', '6b', '6c'] },
          mrz: MRZ.match(/.{30}/g),
          face: { version: '010', imageBytes: face.length, jpeg: true },
          sod: {
            sod: 'ok',
            eContentType: '2.23.136.1.1.1',
            signer: { subject: expect.stringContaining('cardgate test DS') },
          },
          hashes: { dg1: 'match', dg2: 'match', dg11: 'match', dg12: 'match' },
          signature: 'valid',
          chain: 'valid',
          verify: { ok: true, failures: [] },
        });
        expect(report.dg11).toBeNull(); // personal: only with --show-personal
        const text = await runCli(args);
        expect(text.code).toBe(0);
        expect(text.stdout).toMatch(/^LDS1 chip \(VALID\)/);
        expect(text.stdout).toMatch(/chain\s+valid/);
        // Without the MRZ the chip stays shut, and the command says why.
        const shut = await runCli(['card', 'read', '--wait-ms', '15000']);
        expect(shut.code).not.toBe(0);
        expect(shut.stdout).toBe('');
        expect(shut.stderr).toContain('BAC_REFUSED');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses BAC with a wrong MRZ (BAC_REFUSED) and gives no data without BAC', async () => {
      const wrong = await encoderWith(td1Mrz('RO7654321', '850316', '311130'));
      expect(await codeOf(wrong.readBack())).toBe('BAC_REFUSED');
      // Without BAC the locked applet answers SELECT and READ BINARY with 6982, no data.
      const plain = await rawApdus(factory, ['00A4040C07A0000002471001', '00A4020C020101', '00B0000010']);
      expect(plain).toEqual(['9000', '6982', '6982']);
    });

    it('will not personalise a locked applet again (FILE_EXISTS)', async () => {
      const writer = await encoderWith();
      expect(await codeOf(writer.personalize(input()))).toBe('FILE_EXISTS');
    });

    it.skipIf(missingComponents(['softhsm2']).length > 0 && !requireSystem())(
      'signs EF.SOD with a DS key generated inside SoftHSM2 (PKCS#11 KeyStore); a fresh applet verifies, openssl too',
      async () => {
        const hsm = startSoftHsm();
        const token = await hsm.addToken('chip-ds');
        const store = await openKeyStore({ keyStore: token.config }, { dataDir: hsm.dir, env: {} });
        try {
          expect(store.kind).toBe('pkcs11');
          const publicKey = await store.createSigningKey(KEY_LABELS.documentSigner);
          const cert = await issueDsForKey(csca, publicKey);
          const signer: ChipSigner = {
            certificateDer: cert.der,
            cscaCertificateDer: csca.der,
            sign: (data) => store.sign(KEY_LABELS.documentSigner, data),
          };
          await stack.killCard();
          await stack.insertCard();
          const writer = await encoderWith();
          await writer.personalize({ ...input(), signer });
          const back = await (await encoderWith(MRZ)).readBack();
          expect(checked(back)).toEqual({ ok: true, failures: [] });
          expect(opensslVerifySod(back.files.sod!, csca.pem)).toMatchObject({
            ok: true,
            eContentType: '2.23.136.1.1.1',
          });
        } finally {
          await store.close();
        }
      },
      120_000,
    );
  },
);
