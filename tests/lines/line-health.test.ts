import { afterEach, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { describeWithSystem } from '../helpers/system.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { HealthPayload } from '../../gateway/telemetry/contract/payloads.js';
import { lineHealth } from '../../gateway/lines/line-health.js';
import { recorder, telemetryDeps } from '../telemetry/fixtures.js';
import { makeLinesRig } from './lines-rig.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

type Sample = { line: string; state: string; code: string | null; stage: string | null; inFeeder: number };
const linesOf = (p: Record<string, unknown>) => (p.lines ?? []) as Sample[];

describeWithSystem(['mosquitto'], "per-line health in the station's health samples", () => {
  it('HQ reads each line: idle, then the one out of service and the one missing its reader, each with its code, soon after the change', async () => {
    const broker = await startMosquitto();
    cleanup.push(() => broker.close());
    const rig = await makeLinesRig({ lines: 3, feederCards: 20 });
    cleanup.push(() => rig.close());
    const rec = await recorder(broker.url);
    cleanup.push(() => rec.close());
    const { telemetry } = telemetryDeps({
      bus: rig.bus,
      mqtt: { url: broker.url, healthIntervalSeconds: 3600 },
      lines: () => lineHealth(rig.service.lines()),
    });
    cleanup.push(() => telemetry.stop());
    await telemetry.start();
    await rec.waitFor('birth');

    // The hourly period never fires in the test: every sample seen here follows a line's change.
    await rig.service.setLineService('line-2', false, 'tech', 'cleaning the print head');
    const out = await rec.waitFor('health', (p) =>
      linesOf(p).some((l) => l.line === 'line-2' && l.state === 'out-of-service'),
    );
    expect(Value.Check(HealthPayload, out.payload)).toBe(true);
    expect(linesOf(out.payload)).toEqual([
      {
        line: 'line-1',
        state: 'idle',
        code: null,
        stage: null,
        inFeeder: 20,
        ribbonRemaining: expect.anything(),
      },
      {
        line: 'line-2',
        state: 'out-of-service',
        code: 'LINE_OUT_OF_SERVICE',
        stage: null,
        inFeeder: 20,
        ribbonRemaining: expect.anything(),
      },
      {
        line: 'line-3',
        state: 'idle',
        code: null,
        stage: null,
        inFeeder: 20,
        ribbonRemaining: expect.anything(),
      },
    ]);
    // The technician's reason is free text: it stays at the station.
    expect(JSON.stringify(out.payload)).not.toContain('print head');

    rig.line('line-3').encoder.control.unplugReader();
    const missing = await rec.waitFor('health', (p) =>
      linesOf(p).some((l) => l.line === 'line-3' && l.state === 'offline'),
    );
    expect(linesOf(missing.payload).find((l) => l.line === 'line-3')).toMatchObject({
      state: 'offline',
      code: 'LINE_READER_MISSING',
    });

    await rig.service.setLineService('line-2', true, 'tech');
    const back = await rec.waitFor('health', (p) =>
      linesOf(p).some((l) => l.line === 'line-2' && l.state === 'idle'),
    );
    expect(linesOf(back.payload).find((l) => l.line === 'line-2')).toMatchObject({
      state: 'idle',
      code: null,
    });
  });
});
