import { afterAll, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from 'typebox/value';
import { describeWithSystem } from '../helpers/system.js';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.js';
import { projectRoot, waitFor } from '../helpers/processes.js';
import { TopicSchemas } from '../../gateway/telemetry/contract/index.js';
import { mentions, needles, type Person } from '../helpers/personal-data.js';
import { recorder, signed, telemetryDeps } from './fixtures.js';

const dir = join(projectRoot, 'tests/fixtures/persons');
const persons = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Person);

describeWithSystem(['mosquitto', 'openssl'], 'no personal data on MQTT', () => {
  let broker: Mosquitto;
  afterAll(async () => {
    await broker?.close();
  });

  it('searches the MRZ and upper-case forms of the names too', () => {
    const uk = persons.find((p) => p.latinSurname === 'Shevchenko')!;
    expect(needles(uk)).toEqual(expect.arrayContaining(['SHEVCHENKO<<YULIIA', 'SHEVCHENKO']));
    expect(mentions('{"code":"JAM","source":"SHEVCHENKO<<YULIIA"}', 'Shevchenko')).toBe(true);
    expect(mentions('{"version":"1.0"}', 'Ion')).toBe(false);
  });

  it('publishes nothing of the people whose cards are issued, even when bus texts mention them', async () => {
    expect(persons.length).toBeGreaterThanOrEqual(3);
    broker = await startMosquitto({ tls: true });
    const gw = broker.tls!.client('dev-site.station-1');
    const hq = broker.tls!.client('headquarters');
    const rec = await recorder(broker.url, { ca: hq.ca, cert: hq.cert, key: hq.key, protocolVersion: 5 });
    const { telemetry, bus, issuance, registry } = telemetryDeps({
      mqtt: {
        url: broker.url,
        tls: { caFile: broker.tls!.caFile, certFile: gw.certFile, keyFile: gw.keyFile },
      },
    });
    registry.register({
      id: 'printer-1',
      class: 'printer',
      driver: 'evolis',
      transport: 'tcp',
      info: { model: 'Primacy 2' },
    });
    await telemetry.start();
    await rec.waitFor('birth');

    let n = 0;
    for (const p of persons) {
      n++;
      const who = `${p.surname} ${p.givenNames} ${p.latinSurname ?? ''} born ${p.dateOfBirth} code ${p.personalCode ?? ''} of ${p.placeOfResidence ?? ''}`;
      bus.emit('issuance:job', {
        jobId: `job-${n}`,
        kind: 'new',
        status: 'failed',
        documentNumber: p.documentNumber ?? null,
        error: { code: 'ENCODE_FAILED', message: `chip write failed for ${who}`, needsOperator: true },
      });
      bus.emit('issuance:job', {
        jobId: `job-${n}b`,
        kind: 'new',
        status: 'done',
        documentNumber: p.documentNumber ?? null,
        error: null,
      });
      issuance.issue('new', `job-${n}c`);
      bus.emit('station:event', {
        level: 'info',
        code: 'CARD_ISSUED',
        message: `card issued to ${who}`,
        source: 'issuance',
        actor: 'operator-ana',
      });
      bus.emit('station:lock', { locked: true, by: 'admin', reason: `identity check of ${who}` });
      bus.emit('station:lock', { locked: false, by: 'admin', reason: '' });
      registry.update('printer-1', {
        state: 'fault',
        lastErrorCode: 'JAM',
        lastErrorText: `jam while printing ${who}`,
      });
      registry.update('printer-1', { state: 'online', lastErrorCode: null, lastErrorText: null });
    }
    const publish = async (name: string, body: Record<string, unknown>) => {
      const token = await signed(name, body);
      await new Promise<void>((r) =>
        rec.client.publish(`cardgate/dev-site/station-1/cmd/${name}`, token, { qos: 1 }, () => r()),
      );
    };
    await publish('lock-station', {
      v: 1,
      requestId: 'r1',
      reason: `fraud suspicion ${persons[0]!.surname}`,
    });
    await publish('request-diagnostics', { v: 1, requestId: 'r2' });
    await publish('rebirth', { v: 1, requestId: 'r3' });
    await rec.waitFor('reply/rebirth', (p) => p.requestId === 'r3');
    await rec.waitFor('health');
    await waitFor(() => rec.of('events').length >= persons.length * 8, { what: 'all events' });
    await telemetry.stop();
    await rec.close();

    const all = rec.messages.filter((m) => !m.topic.includes('/cmd/'));
    const streams = new Set(
      all.map((m) =>
        m.topic
          .split('/')
          .slice(3)
          .join('/')
          .replace(/^reply\/.*/, 'reply/<name>'),
      ),
    );
    expect([...streams].sort()).toEqual([
      'birth',
      'counters',
      'diagnostics',
      'events',
      'health',
      'reply/<name>',
      'status',
    ]);
    for (const m of all) {
      const text = JSON.stringify(m.payload);
      for (const p of persons)
        for (const needle of needles(p)) {
          expect(text, `${m.topic} leaks "${needle}"`).not.toContain(needle);
          expect(mentions(text, needle), `${m.topic} leaks "${needle}" in another case`).toBe(false);
        }
      // And every payload is what the contract says it is.
      const stream = m.topic
        .split('/')
        .slice(3)
        .join('/')
        .replace(/^reply\/.*/, 'reply/<name>');
      expect(Value.Check(TopicSchemas[stream] as never, m.payload), `${m.topic}: ${text.slice(0, 200)}`).toBe(
        true,
      );
    }
  });
});
