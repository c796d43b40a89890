import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'mrz';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { stationOptions } from '../../gateway/composition.js';
import { composeTd1 } from '../../gateway/document/mrz/index.js';
import type { PersonRecord } from '../../gateway/document/person.js';
import { Station } from '../../gateway/station.js';
import { UserStore } from '../../gateway/users/store.js';
import { createEncoder } from '../../drivers/encoder/factory.js';
import { loadPcsclite } from '../../drivers/encoder/pcsc/load.js';
import { decodeLds } from '../../drivers/encoder/profiles/icao-lds1/data-groups.js';
import { createIcaoLds1Profile } from '../../drivers/encoder/profiles/icao-lds1/profile.js';
import { opensslVerifySod } from '../encoder/lds1-checks.js';
import { startPcscStack, VPCD_READER, type PcscStack } from '../helpers/pcsc-stack.js';
import { projectRoot } from '../helpers/processes.js';
import { startSoftHsm, type SoftHsm } from '../helpers/softhsm.js';
import { describeWithSystem } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { requestPerson } from '../helpers/persons.js';

const PASSWORD = 'a-long-passphrase-1';

/**
 * Issue 17 end to end: a station whose document signer and data keys live in a SoftHSM2 token
 * issues a card whose chip is the virtual JMRTD applet behind real pcscd. Afterwards the chip is
 * read back through BAC with the card's own MRZ, as a border reader would, and its EF.SOD is
 * checked by OpenSSL (an independent CMS implementation) against the station's CSCA.
 */
describeWithSystem(
  ['softhsm2', 'pcscd', 'vicc', 'openssl'],
  'issuance through the token and the BAC chip',
  () => {
    let hsm: SoftHsm;
    let stack: PcscStack;
    let running: { stop(): Promise<void> } | undefined;

    beforeAll(async () => {
      hsm = startSoftHsm();
      stack = await startPcscStack({ card: 'jmrtd', lockWaitMs: 600_000 });
    }, 660_000);

    afterAll(async () => {
      await running?.stop();
      await stack?.stop();
    });

    it('issues a card whose LDS1 chip reads back through BAC and whose SOD OpenSSL verifies against the CSCA', async () => {
      const token = await hsm.addToken('chip-e2e');
      const dataDir = makeTempDir('cardgate-chip-e2e-');
      const users = await UserStore.open(dataDir);
      await users.add({ name: 'ana', role: 'operator', password: PASSWORD });
      const config = validateConfig({
        dataDir,
        api: { host: '127.0.0.1', port: 0, http: true },
        mqtt: { enabled: false },
        board: { enabled: false },
        printer: { emulated: true, emulator: { panelMs: 0 } },
        encoder: { emulated: false, reader: VPCD_READER, profile: 'icao-lds1' },
        security: { keyStore: token.config },
      });
      const station = new Station({ config, ...stationOptions(), print: () => undefined });
      running = station;
      const finished = new Map<string, { status: string; error: unknown }>();
      station.bus.on('issuance:job', (e) => {
        if (['done', 'failed', 'needs-operator'].includes(e.status))
          finished.set(e.jobId, { status: e.status, error: e.error });
      });
      const { url } = await station.start();
      const login = await fetch(`${url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ana', password: PASSWORD }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const person = requestPerson('romanian-diacritics');
      const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg'));
      const created = await fetch(`${url}/api/v1/issuances`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ kind: 'new', person, photo: photo.toString('base64') }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const end = await new Promise<{ status: string; error: unknown }>((resolve) => {
        const seen = finished.get(id);
        if (seen) return resolve(seen);
        const off = station.bus.on('issuance:job', (e) => {
          if (e.jobId === id && ['done', 'failed', 'needs-operator'].includes(e.status)) {
            off();
            resolve({ status: e.status, error: e.error });
          }
        });
      });
      expect(end, JSON.stringify(end.error)).toMatchObject({ status: 'done' });
      const job = (await (await fetch(`${url}/api/v1/issuances/${id}`, { headers: { cookie } })).json()) as {
        documentNumber: string;
        dateOfExpiry: string;
        person: PersonRecord;
      };
      await station.stop();
      running = undefined;

      // The card's MRZ is the BAC key: a reader without it gets nothing (lds1-pcsc.test.ts).
      const mrz = composeTd1({
        ...job.person,
        documentCode: config.issuance.documentCode,
        issuingState: config.issuance.issuingState,
        documentNumber: job.documentNumber,
        dateOfExpiry: job.dateOfExpiry,
      }).join('');
      const loaded = loadPcsclite();
      if (!loaded.ok) throw new Error(loaded.reason);
      const reader = createEncoder({
        driver: 'pcsc',
        pcsc: loaded.factory,
        exchangeTimeoutMs: 5000,
        retryMs: 200,
        profile: createIcaoLds1Profile({ mrz }),
      });
      await reader.start();
      try {
        await reader.waitForCard(15_000);
        const back = await reader.readBack();
        const lds = decodeLds(back.files);
        expect(lds.mrz).toBe(mrz);
        expect(parse(lds.mrz!.match(/.{30}/g)!).valid).toBe(true);
        const csca = readFileSync(join(dataDir, 'pki', 'csca.crt'), 'utf8');
        expect(opensslVerifySod(back.files.sod!, csca)).toMatchObject({
          ok: true,
          eContentType: '2.23.136.1.1.1',
        });
      } finally {
        await reader.stop();
      }
    }, 300_000);
  },
);
