import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EmulatorEncoder } from '../../drivers/encoder/emulator/emulator-encoder.js';
import { iso7816FsProfile } from '../../drivers/encoder/profiles/iso7816-fs/profile.js';
import { verifySeal } from '../../gateway/document/seal/verify.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { personalDataIn } from '../helpers/personal-data.js';
import { opensslVerifySod } from '../encoder/lds1-checks.js';
import { createCsca, issueDs } from '../encoder/lds1-pki.js';
import { person } from '../issuance/service-helpers.js';
import { startHqRig, testClock } from './hq-rig.js';
import { tappedRegistry } from './registry-tap.js';
import { startStation, type StationRig } from './station-rig.js';

/** Every file under `dir` as latin1 text (a name in clear shows in binary files too). */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path).toString('latin1') }));
}

/** The record HQ holds for the card of `jobId`, checked against the card in the emulator. */
async function checkRecordAgainstCard(
  st: StationRig,
  record: { seal: string | null; chipSecurityObject: string | null },
): Promise<void> {
  const { encoder, signer } = st.chip!;
  expect(record.seal).not.toBeNull();
  expect(record.chipSecurityObject).not.toBeNull();
  const sod = Buffer.from(record.chipSecurityObject!, 'base64');
  const card = await encoder.readBack();
  // The record carries the chip's EF.SOD byte for byte.
  expect(Buffer.from(card.files.sod!).equals(sod)).toBe(true);
  const { ok, printed, hashes } = opensslVerifySod(sod, signer.caCertificatePem!);
  expect(ok).toBe(true);
  expect(printed).toContain('contentType: pkcs7-signedData');
  expect(printed).toMatch(/eContentType: .*2\.23\.136\.1\.1\.1/); // ICAO LDS security object
  // Every data group on the card hashes to the value the signed LDS security object holds.
  const dgs = Object.keys(card.files).filter((n) => /^dg\d+$/.test(n));
  expect(dgs.length).toBeGreaterThanOrEqual(2);
  expect([...hashes.keys()].sort((a, b) => a - b)).toEqual(
    dgs.map((n) => Number(n.slice(2))).sort((a, b) => a - b),
  );
  for (const n of dgs)
    expect(hashes.get(Number(n.slice(2))), n).toBe(createHash('sha256').update(card.files[n]!).digest('hex'));
  // The seal is the one the station signed.
  expect(verifySeal(Buffer.from(record.seal!, 'base64'), signer.certificateDer)).toMatchObject({
    valid: true,
  });
}

it('the iso7816-fs profile has no EF.SOD: its personalize gives none back (the record keeps null)', async () => {
  const ca = await createCsca();
  const enc = new EmulatorEncoder({ exchangeTimeoutMs: 5000, profile: iso7816FsProfile });
  await enc.start();
  try {
    const res = await enc.personalize({
      jobId: 'job-fs',
      dg1: new Uint8Array(Buffer.from('IDROURO1234567', 'ascii')),
      dg2: new Uint8Array(readFileSync(new URL('../fixtures/face.jpg', import.meta.url))),
      documentData: new Uint8Array(Buffer.from('{}')),
      signer: await issueDs(ca),
    });
    expect(res.bytesWritten).toBeGreaterThan(0);
    expect(res.securityObject).toBeUndefined();
  } finally {
    await enc.stop();
  }
});

forEachDatabase('hand-off: the seal and the chip security object reach HQ', (open) => {
  it('a record at HQ carries the seal and an EF.SOD that OpenSSL reads as CMS SignedData with the card’s hashes', async () => {
    const { db } = await open();
    const clock = testClock();
    const registry = await tappedRegistry(db, clock);
    const hq = await startHqRig(db, clock, { registry, store: registry.keys });
    const st = await startStation({
      hqUrl: hq.url,
      site: 'site-a',
      station: 'st-1',
      stations: hq.stations,
      chip: true,
    });
    try {
      const job = await st.issue('Amirova');
      await st.handoff.settled();
      await st.handoff.pump.drained();
      const number = (await st.issuance.service.handoffView(job)).job.documentNumber!;
      const [stored] = await registry.store.records(number);
      expect(stored?.record.finalState).toBe('issued');
      await checkRecordAgainstCard(st, stored!.record);
      // The artefacts are personal data at rest: a data-key rotation re-seals them with the person
      // and the photo (3 files), and a record built afterwards still carries the same EF.SOD.
      expect((await st.issuance.service.rotateDataKey()).resealed).toBe(3);
      const again = await st.issuance.service.handoffView(job);
      expect(Buffer.from(again.artefacts!.chipSecurityObject!).toString('base64')).toBe(
        stored!.record.chipSecurityObject,
      );
    } finally {
      await st.close();
      await hq.close();
    }
  }, 120_000);

  it('the station stops after the card is printed, before its record is built: after the restart the record still has the seal and SOD', async () => {
    const { db } = await open();
    const clock = testClock();
    const registry = await tappedRegistry(db, clock);
    const hq = await startHqRig(db, clock, { registry, store: registry.keys });
    const first = await startStation({
      hqUrl: hq.url,
      site: 'site-a',
      station: 'st-1',
      stations: hq.stations,
      chip: true,
    });
    let st: StationRig | undefined;
    try {
      // The hand-off of the first process never sees the card reach its final state.
      await first.handoff.stop();
      const job = await first.issue('Bondarenko');
      const view = await first.issuance.service.handoffView(job);
      expect(view.job.status).toBe('done');
      expect(first.handoff.status().pending).toBe(0);
      const lastCard = await first.chip!.encoder.readBack();
      await first.close();
      // At rest the card's artefacts are sealed like the person: nothing of them in clear.
      for (const f of filesUnder(first.dataDir))
        expect(personalDataIn(f.text, person({ surname: 'Bondarenko' })), f.path).toEqual([]);
      const sodInClear = Buffer.from(lastCard.files.sod!).toString('latin1');
      for (const f of filesUnder(join(first.dataDir, 'personal')))
        expect(f.text.includes(sodInClear)).toBe(false);

      // A new process over the same data directory (nothing in memory from the first).
      st = await startStation({
        hqUrl: hq.url,
        site: 'site-a',
        station: 'st-1',
        dataDir: first.dataDir,
        chip: true,
      });
      await st.handoff.settled();
      await st.handoff.pump.drained();
      const [stored] = await registry.store.records(view.job.documentNumber!);
      expect(stored?.recordId).toBe(`st-1:${job}:issued`);
      expect(
        Buffer.from(stored!.record.chipSecurityObject!, 'base64').equals(Buffer.from(lastCard.files.sod!)),
      ).toBe(true);
      // The new process's emulator has a blank card: check against the card the first one wrote.
      const checked = opensslVerifySod(Buffer.from(lastCard.files.sod!), st.chip!.signer.caCertificatePem!);
      expect(checked.ok).toBe(true);
      const { hashes } = checked;
      for (const n of ['dg1', 'dg2'])
        expect(hashes.get(Number(n.slice(2)))).toBe(
          createHash('sha256').update(lastCard.files[n]!).digest('hex'),
        );
      expect(
        verifySeal(Buffer.from(stored!.record.seal!, 'base64'), st.chip!.signer.certificateDer),
      ).toMatchObject({
        valid: true,
      });
    } finally {
      await st?.close();
      await hq.close();
    }
  }, 120_000);
});
