import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../../gateway/telemetry/embedded-broker.js';
import { MqttLink } from '../../gateway/telemetry/mqtt-link.js';
import { embeddedBroker, mqttConfig, recorder } from './fixtures.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

/** A link whose every callback is written down in order, with a promise per next event. */
function recordedLink(
  url: string,
  account: { username: string; password: string },
  over: Partial<ReturnType<typeof mqttConfig>> = {},
) {
  const history: string[] = [];
  const waiters: { what: string; resolve: () => void }[] = [];
  const note = (what: string) => {
    history.push(what);
    for (const w of waiters.filter((x) => x.what === what)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  const link = new MqttLink({
    url,
    config: mqttConfig({ url, protocolVersion: 'auto', ...account, ...over }),
    clientId: 'link-test',
    logger: quiet,
    will: () => ({
      topic: 'cardgate/dev-site/station-1/status',
      payload: JSON.stringify({ state: 'offline' }),
    }),
    onUp: () => note(`up ${link.protocol}`),
    onDown: () => note('down'),
    onMessage: () => {},
    onError: (e) => note(`error ${(e as { code?: unknown }).code ?? ''}`.trim()),
  });
  const next = (what: string) => new Promise<void>((resolve) => waiters.push({ what, resolve }));
  return { link, history, next };
}

describe('MQTT link', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('falls back to MQTT 3.1.1 when the broker refuses version 5', async () => {
    const { broker, station } = await embeddedBroker();
    cleanup.push(() => broker.close());
    const { link, history, next } = recordedLink(broker.url, station);
    const up = next('up 4');
    link.start();
    cleanup.push(() => link.stop());
    await up;
    // aedes answers a version-5 CONNECT with "unacceptable protocol version" (CONNACK 1).
    expect(history).toEqual(['error 1', 'up 4']);
    expect(link.connected).toBe(true);
  });

  it('reconnects with a fresh client after the broker went away and came back', async () => {
    const { broker: first, station, users } = await embeddedBroker();
    const { link, history, next } = recordedLink(first.url, station, { protocolVersion: 4 });
    let up = next('up 4');
    link.start();
    cleanup.push(() => link.stop());
    await up;
    const down = next('down');
    await first.close();
    await down;
    expect(link.connected).toBe(false);
    up = next('up 4');
    const again = await startEmbeddedBroker({ port: first.port, users });
    cleanup.push(() => again.close());
    await up;
    expect(history.filter((h) => !h.startsWith('error'))).toEqual(['up 4', 'down', 'up 4']);
  });

  it('says goodbye with a retained status on stop, so the broker never sends the last will', async () => {
    const { broker, station, hq } = await embeddedBroker();
    cleanup.push(() => broker.close());
    const rec = await recorder(broker.url, { protocolVersion: 4, ...hq });
    cleanup.push(() => rec.close());
    const { link, next } = recordedLink(broker.url, station, { protocolVersion: 4 });
    const up = next('up 4');
    link.start();
    await up;
    await link.stop({
      topic: 'cardgate/dev-site/station-1/status',
      payload: JSON.stringify({ state: 'offline', reason: 'shutdown' }),
    });
    const bye = await rec.waitFor('status', (p) => p.reason === 'shutdown');
    expect(bye.payload.state).toBe('offline');
    // A later subscriber gets the retained goodbye, not a will.
    const late = await recorder(broker.url, { protocolVersion: 4, ...hq });
    cleanup.push(() => late.close());
    const retained = await late.waitFor('status');
    expect(retained.payload).toEqual({ state: 'offline', reason: 'shutdown' });
    expect(link.connected).toBe(false);
  });
});
