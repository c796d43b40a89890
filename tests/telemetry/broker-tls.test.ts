import { expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { describeWithSystem } from '../helpers/system.js';
import { startCli, startProcess, projectRoot } from '../helpers/processes.js';
import {
  BirthPayload,
  CountersPayload,
  EventPayload,
  StatusPayload,
} from '../../gateway/telemetry/contract/index.js';
import { mqttConfig, recorder, stationConfig, telemetryDeps, tempDir, tlsBrokerSuite } from './fixtures.js';

describeWithSystem(
  ['mosquitto', 'openssl'],
  'telemetry against mosquitto with TLS client certificates',
  () => {
    const { broker, cleanup } = tlsBrokerSuite();

    const gwTls = () => {
      const c = broker().tls!.client('dev-site.station-1');
      return { caFile: broker().tls!.caFile, certFile: c.certFile, keyFile: c.keyFile };
    };
    const hq = async () => {
      const c = broker().tls!.client('headquarters');
      const r = await recorder(broker().url, { ca: c.ca, cert: c.cert, key: c.key, protocolVersion: 5 });
      cleanup.push(() => r.close());
      return r;
    };

    it('refuses a client without a certificate', async () => {
      const mqtt = (await import('mqtt')).default;
      const c = mqtt.connect(broker().url, { ca: readFileSync(broker().tls!.caFile), reconnectPeriod: 0 });
      const outcome = await new Promise<string>((resolve) => {
        c.once('connect', () => resolve('connected'));
        c.once('error', (e) => resolve(`error ${(e as NodeJS.ErrnoException).code ?? e.message}`));
        c.once('close', () => resolve('closed without an error'));
      });
      c.end(true);
      // The TLS handshake itself fails: mosquitto (require_certificate) answers with the TLS 1.3
      // "certificate required" alert, not with an MQTT refusal or a dropped socket.
      expect(outcome).toBe('error ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    });

    it('publishes birth, a retained online status, counters and events in sequence over MQTT 5', async () => {
      const rec = await hq();
      const { telemetry, issuance, bus, registry } = telemetryDeps({
        mqtt: { url: broker().url, tls: gwTls() },
      });
      registry.register({
        id: 'printer-1',
        class: 'printer',
        driver: 'evolis',
        transport: 'tcp',
        emulated: true,
        info: { ribbon: { remainingPercent: 80 } },
      });
      await telemetry.start();
      cleanup.push(() => telemetry.stop());

      const birth = await rec.waitFor('birth');
      expect(Value.Check(BirthPayload, birth.payload)).toBe(true);
      expect(birth.payload).toMatchObject({ site: 'dev-site', station: 'station-1', protocolVersion: 5 });
      expect((birth.payload.devices as { id: string }[]).map((d) => d.id)).toEqual(['printer-1']);

      // A subscriber arriving later still learns the station is online: the status is retained.
      const late = await hq();
      const status = await late.waitFor('status', (p) => p.state === 'online');
      expect(status.retain).toBe(true);
      expect(Value.Check(StatusPayload, status.payload)).toBe(true);
      expect(status.payload.bootId).toBe(birth.payload.bootId);

      for (let i = 1; i <= 5; i++) issuance.issue('new', `job-${i}`);
      bus.emit('station:event', {
        level: 'fault',
        code: 'PRINTER_RIBBON_OUT',
        message: 'ribbon out',
        source: 'printer-1',
      });
      await rec.waitFor('events', (p) => p.code === 'PRINTER_RIBBON_OUT');
      await rec.waitFor('counters', (p) => (p.totals as { issued: number }).issued === 5);

      const events = rec.of('events').map((m) => m.payload);
      for (const e of events) expect(Value.Check(EventPayload, e)).toBe(true);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(events.map((e) => e.code)).toEqual([
        'JOB_DONE',
        'JOB_DONE',
        'JOB_DONE',
        'JOB_DONE',
        'JOB_DONE',
        'PRINTER_RIBBON_OUT',
      ]);
      expect(events.map((e) => (e.detail as { jobId?: string } | undefined)?.jobId)).toEqual([
        'job-1',
        'job-2',
        'job-3',
        'job-4',
        'job-5',
        undefined,
      ]);
      const counters = rec.of('counters').map((m) => m.payload);
      for (const c of counters) expect(Value.Check(CountersPayload, c)).toBe(true);
      const seqs = counters.map((c) => c.seq as number);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(counters.at(-1)).toMatchObject({
        totals: { issued: 5, byKind: { new: 5 } },
        stock: { inFeeder: 95 },
      });
      expect(events.every((e) => e.historical === undefined)).toBe(true);
    });

    it('publishes an offline status as last will when the gateway process is killed', async () => {
      const rec = await hq();
      const dataDir = tempDir();
      const args = JSON.stringify({
        config: mqttConfig({ url: broker().url, tls: gwTls() }),
        station: stationConfig({ id: 'station-kill' }),
        dataDir,
      });
      const gw = startProcess(
        process.execPath,
        ['--import', 'tsx', join(projectRoot, 'tests/telemetry/gateway-runner.ts'), args],
        { cwd: projectRoot },
      );
      cleanup.push(() => gw.stop('SIGKILL'));
      const [, bootId] = await gw.waitForOutput(/connected (\S+)/, 20_000);
      await rec.waitFor('status', (p) => p.state === 'online' && p.bootId === bootId);
      await gw.stop('SIGKILL');
      const will = await rec.waitFor('status', (p) => p.state === 'offline' && p.bootId === bootId, 15_000);
      expect(will.payload.reason).toBe('will');
      expect(will.topic).toBe('cardgate/dev-site/station-kill/status');
      // And it stays there for whoever asks next.
      const late = await hq();
      const kept = await late.waitFor('status', (p) => p.bootId === bootId && p.state === 'offline');
      expect(kept.retain).toBe(true);
    });

    it('cardgate fleet shows the station online with its counters and in /metrics', async () => {
      const c = broker().tls!.client('headquarters');
      const port = await (await import('../helpers/mosquitto.js')).freePort();
      const fleet = startCli([
        'fleet',
        '--broker',
        broker().url,
        '--port',
        String(port),
        '--ca',
        broker().tls!.caFile,
        '--cert',
        c.certFile,
        '--key',
        c.keyFile,
        '--group',
        'hq',
      ]);
      cleanup.push(() => fleet.stop());
      await fleet.waitForOutput(/fleet monitor on (\S+)/, 20_000);
      await fleet.waitForOutput(/connected to/, 20_000);
      const { telemetry, issuance } = telemetryDeps({ mqtt: { url: broker().url, tls: gwTls() } });
      await telemetry.start();
      cleanup.push(() => telemetry.stop());
      for (let i = 1; i <= 3; i++) issuance.issue('reissue', `job-${i}`);
      const { waitFor } = await import('../helpers/processes.js');
      const metrics = await waitFor(
        async () => {
          const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
          return text.includes('cardgate_station_cards_issued_total{site="dev-site",station="station-1"} 3')
            ? text
            : undefined;
        },
        { timeoutMs: 15_000, what: 'fleet metrics' },
      );
      expect(metrics).toContain('cardgate_station_online{site="dev-site",station="station-1"} 1');
      expect(metrics).toContain('cardgate_station_cards_issued_today{site="dev-site",station="station-1"} 3');
      const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(page).toMatch(/<td>dev-site<\/td><td>station-1/);
      expect(page).toContain('<span class="ok">online</span>');
    });

    it('lets two monitors in one group split the events while both keep every station state', async () => {
      const { startFleetMonitor } = await import('../../gateway/fleet/index.js');
      const { waitFor } = await import('../helpers/processes.js');
      const c = broker().tls!.client('headquarters');
      const monitors = await Promise.all(
        [1, 2].map(() =>
          startFleetMonitor({
            broker: broker().url,
            caFile: broker().tls!.caFile,
            certFile: c.certFile,
            keyFile: c.keyFile,
            group: 'hq',
          }),
        ),
      );
      for (const m of monitors) cleanup.push(() => m.close());
      await waitFor(() => monitors.every((m) => m.connected() && m.shared()), {
        what: 'shared subscriptions granted',
      });
      const { telemetry, bus } = telemetryDeps({ mqtt: { url: broker().url, tls: gwTls() } });
      await telemetry.start();
      cleanup.push(() => telemetry.stop());
      for (let i = 0; i < 40; i++)
        bus.emit('station:event', { level: 'info', code: `E${i}`, message: '', source: 'test' });
      const station = (m: (typeof monitors)[number]) => m.state.stations.get('dev-site/station-1');
      await waitFor(() => monitors.reduce((n, m) => n + (station(m)?.events.length ?? 0), 0) >= 40, {
        what: 'events split',
      });
      const codes = monitors.flatMap((m) => station(m)?.events.map((e) => e.code) ?? []);
      expect(codes.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `E${i}`).sort());
      expect(monitors.every((m) => (station(m)?.events.length ?? 0) > 0)).toBe(true);
      // Status and counters are not split: each monitor can show every station.
      await waitFor(() => monitors.every((m) => station(m)?.online && station(m)?.counters), {
        what: 'state at both',
      });
    });
  },
);
