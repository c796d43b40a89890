import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../gateway/telemetry/embedded-broker.js';
import { startCli, type RunningProcess } from '../helpers/processes.js';

/** `cardgate fleet` still runs, and says first that the fleet is part of HQ now. */
describe('cardgate fleet (deprecated)', () => {
  let broker: EmbeddedBroker | undefined;
  let fleet: RunningProcess | undefined;
  afterAll(async () => {
    await fleet?.stop();
    await broker?.close();
  });

  it('prints the deprecation pointing at cardgate hq, then serves its page until SIGTERM', async () => {
    const password = 'a-long-broker-password-1';
    broker = await startEmbeddedBroker({
      users: [{ username: 'hq', password, publish: [], subscribe: ['cardgate/#'] }],
    });
    fleet = startCli(['fleet', '--broker', broker.url, '--username', 'hq', '--port', '0'], {
      env: { CARDGATE_MQTT_PASSWORD: password },
    });
    const [, url] = await fleet.waitForOutput(/fleet monitor on (\S+) /, 60_000);
    const out = fleet.output();
    expect(out).toMatch(/cardgate fleet is deprecated: .*`cardgate hq --broker <url>`.*docs\/hq-fleet\.md/);
    expect(out.indexOf('deprecated')).toBeLessThan(out.indexOf('fleet monitor on'));
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    expect(await fleet.stop('SIGTERM')).toBe(0);
  }, 120_000);
});
