import { exportJWK } from 'jose';
import mqtt from 'mqtt';
import { join } from 'node:path';
import { beforeAll, afterAll, afterEach, expect, it, vi } from 'vitest';
import { systemClock } from '../../gateway/core/clock.js';
import { migrate } from '../../gateway/hq/db/migrator.js';
import type { Database } from '../../gateway/hq/db/database.js';
import { recordStatusChange, type StationRef } from '../../gateway/hq/status/status-feed.js';
import { mqttStatusLink } from '../../gateway/hq/status/status-link.js';
import { StatusPublisher } from '../../gateway/hq/status/status-publisher.js';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import { KEY_LABELS } from '../../gateway/keys/key-store.js';
import { StatusList } from '../../gateway/revocation/status-list.js';
import type { MqttConfig } from '../../gateway/telemetry/types.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.js';
import { waitFor } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { stationConfig, telemetryDeps } from '../telemetry/fixtures.js';

vi.setConfig({ testTimeout: 90_000 });

let broker: Mosquitto;
beforeAll(async () => {
  broker = await startMosquitto();
}, 30_000);
afterAll(async () => {
  await broker?.close();
});
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
});

/** HQ's command key in a key store, and the public JWK set a station enrols. */
async function hqCommandKey() {
  const store = new FileKeyStore(join(makeTempDir('cardgate-hq-keys-'), 'keys'));
  const pub = await store.createSigningKey(KEY_LABELS.hqCommandSigner);
  const kid = 'hq-command-test';
  const jwks = { keys: [{ ...(await exportJWK(pub)), kid, alg: 'ES256', use: 'sig' }] };
  return { signer: { store, label: KEY_LABELS.hqCommandSigner, kid }, jwks };
}

/** A station's telemetry with a real status list in its own data directory. */
async function station(ref: StationRef, jwks: object, dataDir = makeTempDir('cardgate-st-')) {
  const list = await StatusList.open(dataDir);
  const t = telemetryDeps({
    dataDir,
    station: stationConfig({ site: ref.site, id: ref.station }),
    mqtt: { url: broker.url, commandKeys: jwks as MqttConfig['commandKeys'] },
  });
  t.deps.commands.documentStatus = (changes) => list.apply(changes, new Date());
  await t.telemetry.start();
  const stop = async () => {
    await t.telemetry.stop();
    await list.close();
  };
  cleanup.push(stop);
  return { list, dataDir, stop };
}

async function hq(db: Database, signer: Awaited<ReturnType<typeof hqCommandKey>>['signer']) {
  const client = mqtt.connect(broker.url, { reconnectPeriod: 100, protocolVersion: 4 });
  await new Promise((r) => client.once('connect', r));
  const publisher = new StatusPublisher({
    db,
    link: mqttStatusLink(client),
    prefix: 'cardgate',
    signer,
    clock: systemClock,
    logger: { info() {}, warn() {} },
    resendMs: 60_000,
    // Changes are found by reading the newest change number, as another replica's revocation is.
    watchMs: 200,
  });
  const acked: [string, number][] = [];
  publisher.on('acked', (r, seq) => acked.push([`${r.site}/${r.station}`, seq]));
  await publisher.start();
  cleanup.push(async () => {
    await publisher.stop();
    await new Promise((r) => client.end(true, {}, r));
  });
  return { publisher, acked };
}

const revoke = (db: Database, number: string, status: 'revoked' | 'lost' = 'revoked') =>
  db.transaction((tx) => recordStatusChange(tx, { number, status, at: new Date('2026-11-30T09:00:00Z') }));

forEachDatabase('status changes reach every station', (open) => {
  it('a revocation reaches both stations, and a station that was offline catches up when it reconnects', async () => {
    const { db } = await open();
    await migrate(db);
    const A = { site: 'north', station: 'st-1' };
    const B = { site: 'south', station: 'st-2' };
    for (const s of [A, B])
      await db.query("INSERT INTO stations (site, station, status) VALUES ($1, $2, 'active')", [
        s.site,
        s.station,
      ]);
    const key = await hqCommandKey();
    const a = await station(A, key.jwks);
    let b = await station(B, key.jwks);
    const { publisher, acked } = await hq(db, key.signer);

    await revoke(db, 'RT0000010');
    await waitFor(
      () =>
        acked.some(([s, q]) => s === 'north/st-1' && q === 1) &&
        acked.some(([s, q]) => s === 'south/st-2' && q === 1),
      {
        what: 'both stations acknowledge change 1',
        timeoutMs: 20_000,
      },
    );
    expect(a.list.get('RT0000010')?.status).toBe('revoked');
    expect(b.list.get('RT0000010')?.status).toBe('revoked');

    // Station B goes away; three more changes happen meanwhile.
    await b.stop();
    await revoke(db, 'RT0000011', 'lost');
    await revoke(db, 'RT0000012');
    await revoke(db, 'RT0000010', 'lost');
    await waitFor(() => acked.some(([s, q]) => s === 'north/st-1' && q === 4), {
      what: 'A holds 4',
      timeoutMs: 20_000,
    });
    expect(a.list.get('RT0000010')?.status).toBe('lost');

    // B comes back with its data directory: its birth makes HQ send what it missed, at once.
    b = await station(B, key.jwks, b.dataDir);
    await waitFor(() => acked.some(([s, q]) => s === 'south/st-2' && q === 4), {
      what: 'B catches up',
      timeoutMs: 20_000,
    });
    expect(b.list.get('RT0000011')?.status).toBe('lost');
    expect(b.list.get('RT0000012')?.status).toBe('revoked');
    expect(b.list.get('RT0000010')?.status).toBe('lost');
    expect((await publisher.overview()).stations.map((s) => s.acked)).toEqual([4, 4]);
  });

  it('a station refuses changes signed by another key, and HQ does not count them as held', async () => {
    const { db } = await open();
    await migrate(db);
    const A = { site: 'north', station: 'st-1' };
    await db.query("INSERT INTO stations (site, station, status) VALUES ($1, $2, 'active')", [
      A.site,
      A.station,
    ]);
    const enrolled = await hqCommandKey();
    const impostor = await hqCommandKey();
    const a = await station(A, enrolled.jwks);
    const { publisher, acked } = await hq(db, { ...impostor.signer, kid: enrolled.signer.kid });
    await revoke(db, 'RT0000020');
    // The station's reply (a refusal) is what we wait for: it comes on the reply topic.
    const rec = mqtt.connect(broker.url, { protocolVersion: 4 });
    cleanup.push(() => new Promise((r) => rec.end(true, {}, r)));
    const replies: string[] = [];
    rec.on('message', (_t, p) => replies.push(p.toString()));
    await new Promise<void>((r) =>
      rec.once('connect', () =>
        rec.subscribe('cardgate/north/st-1/reply/document-status', { qos: 1 }, () => r()),
      ),
    );
    await publisher.notify();
    await waitFor(() => replies.length > 0, { what: 'the station’s reply', timeoutMs: 20_000 });
    expect(JSON.parse(replies[0]!)).toMatchObject({ ok: false, error: { code: 'COMMAND_UNAUTHENTICATED' } });
    expect(a.list.get('RT0000020')).toBeNull();
    expect(acked).toEqual([]);
    expect((await publisher.overview()).stations).toEqual([{ ...A, acked: 0 }]);
  });
});
