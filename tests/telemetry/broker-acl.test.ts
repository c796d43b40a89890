import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { describeWithSystem } from '../helpers/system.js';
import { projectRoot } from '../helpers/processes.js';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.js';
import { mosquittoAcl } from '../../gateway/telemetry/broker-acl.js';

const acl = mosquittoAcl({
  prefix: 'cardgate',
  hqUser: 'headquarters',
  stations: [
    { site: 'dev-site', id: 'station-1' },
    { site: 'dev-site', id: 'station-2' },
  ],
});

describeWithSystem(['mosquitto', 'openssl'], 'the documented mosquitto ACL', () => {
  let broker: Mosquitto;
  const clients: mqtt.MqttClient[] = [];
  beforeAll(async () => {
    broker = await startMosquitto({ tls: true, acl });
  });
  afterAll(async () => {
    for (const c of clients) c.end(true);
    await broker?.close();
  });

  /** An MQTT 5 client with the certificate of `cn`, connected. */
  async function as(cn: string) {
    const t = broker.tls!.client(cn);
    const c = mqtt.connect(broker.url, {
      ca: t.ca,
      cert: t.cert,
      key: t.key,
      protocolVersion: 5,
      reconnectPeriod: 0,
    });
    clients.push(c);
    await new Promise<void>((resolve, reject) => {
      c.once('connect', () => resolve());
      c.once('error', reject);
    });
    return c;
  }
  /** The PUBACK reason: 0 when taken, 135 "not authorised" when the ACL refuses. */
  const publish = (c: mqtt.MqttClient, topic: string) =>
    new Promise<number>((resolve) =>
      c.publish(topic, '{}', { qos: 1 }, (e) => resolve((e as { code?: number } | undefined)?.code ?? 0)),
    );
  const subscribe = (c: mqtt.MqttClient, topic: string) =>
    new Promise<number | undefined>((resolve) =>
      c.subscribe(topic, { qos: 1 }, (e, granted) =>
        resolve(e ? (e as { packet?: { granted?: number[] } }).packet?.granted?.[0] : granted?.[0]?.qos),
      ),
    );

  it('lets a station publish only under its own topics and read only its own commands', async () => {
    const st1 = await as('dev-site.station-1');
    expect(await publish(st1, 'cardgate/dev-site/station-1/events')).toBe(0);
    expect(await publish(st1, 'cardgate/dev-site/station-1/reply/lock-station')).toBe(0);
    expect(await publish(st1, 'cardgate/dev-site/station-2/events')).toBe(135);
    expect(await publish(st1, 'cardgate/dev-site/station-1/cmd/lock-station')).toBe(135);
    expect(await publish(st1, 'cardgate/dev-site/station-2/cmd/lock-station')).toBe(135);
    expect(await subscribe(st1, 'cardgate/dev-site/station-1/cmd/+')).toBe(1);
    // mosquitto grants a subscription but delivers nothing the ACL does not let the user read.
    const peeked: string[] = [];
    st1.on('message', (topic) => peeked.push(topic));
    await subscribe(st1, 'cardgate/dev-site/station-2/cmd/+');

    const hq = await as('headquarters');
    expect(await subscribe(hq, 'cardgate/#')).toBe(1);
    expect(await publish(hq, 'cardgate/dev-site/station-2/cmd/lock-station')).toBe(0);
    expect(await publish(hq, 'cardgate/dev-site/station-1/cmd/rebirth')).toBe(0);
    // Messages to one subscriber arrive in order: once station-1's own command is in, the
    // command for station-2 sent before it would have been too.
    await new Promise<void>((resolve) => {
      const check = () => peeked.includes('cardgate/dev-site/station-1/cmd/rebirth') && resolve();
      st1.on('message', check);
      check();
    });
    expect(peeked).toEqual(['cardgate/dev-site/station-1/cmd/rebirth']);

    // An unknown certificate holder (not in the ACL) can do nothing.
    const other = await as('someone-else');
    expect(await publish(other, 'cardgate/dev-site/station-1/cmd/lock-station')).toBe(135);
  });

  it('is the ACL docs/telemetry.md gives', () => {
    const doc = readFileSync(join(projectRoot, 'docs/telemetry.md'), 'utf8');
    const oneStation = mosquittoAcl({
      prefix: 'cardgate',
      hqUser: 'headquarters',
      stations: [{ site: 'bucharest-1', id: 'desk-2' }],
    });
    expect(doc).toContain('```\n' + oneStation + '```');
  });
});
