import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CardgateError } from '../../gateway/core/errors.js';
import type { KeyStore } from '../../gateway/keys/key-store.js';
import { waitFor } from '../helpers/processes.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { personalDataIn } from '../helpers/personal-data.js';
import { person } from '../issuance/service-helpers.js';
import { startHqRig, testClock } from './hq-rig.js';
import { tappedRegistry } from './registry-tap.js';
import { startStation } from './station-rig.js';

/** Every file under `dir`, as latin1 text (binary files too: a name in clear shows either way). */
async function filesUnder(dir: string): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    if ((await stat(path)).isFile()) out.push({ path, text: (await readFile(path)).toString('latin1') });
  }
  return out;
}

forEachDatabase('hand-off: station → HQ', (open) => {
  it('hands every finished card to HQ in order, holds personal data until acknowledged + grace, then purges it', async () => {
    const { db } = await open();
    const clock = testClock();
    const registry = await tappedRegistry(db, clock);
    const hq = await startHqRig(db, clock, { registry, store: registry.keys });
    const st = await startStation({ hqUrl: hq.url, site: 'site-a', station: 'st-1', stations: hq.stations });
    try {
      const jobs = [await st.issue('Amirova'), await st.issue('Bondarenko'), await st.issue('Castellanos')];
      await st.handoff.settled();
      await st.handoff.pump.drained();
      const ids = jobs.map((j) => `st-1:${j}:issued`);
      expect(registry.created).toEqual(ids);
      expect(await registry.storedIds()).toEqual([...ids].sort());
      // HQ's registry knows each card by its number, from this station.
      for (const j of jobs) {
        const number = (await st.issuance.service.handoffView(j)).job.documentNumber!;
        expect(await registry.store.document(number)).toMatchObject({ status: 'valid', station: 'st-1' });
      }
      expect(st.handoff.status()).toMatchObject({
        pending: 0,
        oldestPendingAgeSeconds: null,
        lastError: null,
      });
      expect(st.handoff.status().lastAckAt).not.toBeNull();

      // Acknowledged, but within the grace period: retention and the purge keep the data.
      const svc = st.issuance.service;
      expect((await svc.handoffView(jobs[0]!)).person?.surname).toBe('Amirova');
      expect(await st.handoff.purgeDue()).toBe(0);
      // Seven days on: purged, and the data directory holds none of these people.
      st.issuance.clock.set(st.issuance.clock.now() + 7 * 86_400_000 + 1000);
      expect(await st.handoff.purgeDue()).toBe(3);
      for (const j of jobs) expect((await svc.handoffView(j)).job.personalData).toBe(false);
      const files = await filesUnder(st.dataDir);
      for (const surname of ['Amirova', 'Bondarenko', 'Castellanos'])
        for (const f of files) expect(personalDataIn(f.text, person({ surname })), f.path).toEqual([]);
    } finally {
      await st.close();
      await hq.close();
    }
  });

  it('a record that cannot be signed (the key store gone) waits, says why, and is handed off once the store is back, without a restart', async () => {
    const { db } = await open();
    const clock = testClock();
    const registry = await tappedRegistry(db, clock);
    const hq = await startHqRig(db, clock, { registry, store: registry.keys });
    let unplugged = true;
    // The station's own store, but signing fails as a removed token's does while `unplugged`.
    const flaky = (store: KeyStore): KeyStore =>
      new Proxy(store, {
        get(target, name, receiver) {
          if (name === 'sign' && unplugged)
            return async () => {
              throw new CardgateError('KEY_STORE_UNAVAILABLE', 'the token is not there');
            };
          const v: unknown = Reflect.get(target, name, receiver);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
    const st = await startStation({
      hqUrl: hq.url,
      site: 'site-a',
      station: 'st-1',
      stations: hq.stations,
      handoffStore: flaky,
    });
    try {
      const job = await st.issue('Amirova');
      await waitFor(() => st.handoff.status().lastError?.code === 'KEY_STORE_UNAVAILABLE', {
        what: 'the hand-off status naming the key store',
      });
      expect(st.handoff.status().pending).toBe(0);
      expect(registry.created).toEqual([]);
      expect(st.handoff.holds((await st.issuance.service.handoffView(job)).job)).toBe(true);

      unplugged = false;
      await waitFor(() => registry.created.length === 1, { what: 'the record at HQ', timeoutMs: 30_000 });
      await st.handoff.pump.drained();
      expect(registry.created).toEqual([`st-1:${job}:issued`]);
      expect(st.handoff.status()).toMatchObject({ pending: 0, lastError: null });
    } finally {
      await st.close();
      await hq.close();
    }
  });

  it('cut off from HQ for 10 minutes while issuing: nothing purged before acknowledgement, backlog drains in order', async () => {
    const { db } = await open();
    const clock = testClock();
    const registry = await tappedRegistry(db, clock);
    let hq = await startHqRig(db, clock, { registry, store: registry.keys });
    const port = Number(new URL(hq.url).port);
    const st = await startStation({ hqUrl: hq.url, site: 'site-a', station: 'st-1', stations: hq.stations });
    const store = hq.store;
    try {
      await hq.close(); // the line to HQ is cut
      const jobs: string[] = [];
      for (let i = 0; i < 5; i++) {
        jobs.push(await st.issue(`Offline${'abcde'[i]}`));
        await st.handoff.settled(); // its record is in the outbox, stamped with the clock of now
        st.issuance.clock.set(st.issuance.clock.now() + 2 * 60_000); // ten minutes in all
      }
      const status = st.handoff.status();
      expect(status.pending).toBe(5);
      expect(status.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(600);
      // The pump has tried and failed at least once: the error is recorded for the technician.
      await expect
        .poll(() => st.handoff.status().lastError?.code, { timeout: 30_000 })
        .toBe('HANDOFF_UNREACHABLE');
      // Months later, still not acknowledged: neither retention nor the purge touch the data.
      st.issuance.clock.set(st.issuance.clock.now() + 400 * 86_400_000);
      await st.issuance.service.purgeExpired();
      expect(await st.handoff.purgeDue()).toBe(0);
      for (const j of jobs) expect((await st.issuance.service.handoffView(j)).job.personalData).toBe(true);

      hq = await startHqRig(db, clock, { registry, store, port }); // HQ is back
      st.handoff.pump.retryNow();
      await st.handoff.pump.drained();
      expect(registry.created).toEqual(jobs.map((j) => `st-1:${j}:issued`));
      expect(st.handoff.status()).toMatchObject({ pending: 0, lastError: null });
    } finally {
      await st.close();
      await hq.close();
    }
  });
});
