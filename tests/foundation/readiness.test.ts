import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardFontsPart, describeReadiness } from '../../gateway/readiness.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { EventBus } from '../../gateway/core/events.js';
import { systemClock } from '../../gateway/core/clock.js';
import { DEFAULT_TEMPLATE_PATH } from '../../gateway/document/render/template.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('GET /ready parts', () => {
  it('names each device as up, degraded or down, says which are emulated and why', () => {
    const registry = new DeviceRegistry(new EventBus(), systemClock);
    registry.register({
      id: 'printer-1',
      class: 'printer',
      driver: 'emulator',
      transport: 'tcp',
      emulated: true,
    });
    registry.update('printer-1', { state: 'online' });
    registry.register({ id: 'encoder-1', class: 'encoder', driver: 'pcsc', transport: 'pcsc' });
    registry.update('encoder-1', {
      state: 'offline',
      lastErrorCode: 'PCSC_UNAVAILABLE',
      lastErrorText: 'PC/SC library not installed: run scripts/install-system-deps, then npm ci',
    });
    registry.register({ id: 'cam-desk', class: 'camera', driver: 'http', transport: 'http' });
    registry.update('cam-desk', { state: 'degraded', lastErrorCode: 'CAMERA_TIMEOUT' });
    const r = describeReadiness({
      storageReady: true,
      components: [{ name: 'printer', started: true, ready: true }],
      devices: registry.list(),
    });
    expect(r.ready).toBe(true);
    expect(r.parts.filter((p) => p.kind === 'device')).toEqual([
      {
        name: 'printer-1',
        kind: 'device',
        state: 'up',
        emulated: true,
        reason: 'emulated printer (emulator over tcp)',
      },
      {
        name: 'encoder-1',
        kind: 'device',
        state: 'down',
        emulated: false,
        reason: 'PC/SC library not installed: run scripts/install-system-deps, then npm ci',
      },
      { name: 'cam-desk', kind: 'device', state: 'degraded', emulated: false, reason: 'CAMERA_TIMEOUT' },
    ]);
  });

  it('is not ready while storage is closed or a component has not started, and says so', () => {
    const r = describeReadiness({
      storageReady: false,
      components: [
        { name: 'printer', started: false, ready: false },
        { name: 'board', started: true, ready: false },
      ],
      devices: [],
    });
    expect(r.ready).toBe(false);
    expect(r.checks).toEqual({ storage: false, printer: false, board: false });
    expect(r.parts.map((p) => [p.name, p.state, p.reason])).toEqual([
      ['storage', 'down', 'data directory not open yet'],
      ['printer', 'down', 'not started'],
      ['board', 'down', 'not ready yet'],
    ]);
  });

  it('card fonts: up with the shipped OCR-B, degraded with the reason when a template names a missing file', async () => {
    expect(await cardFontsPart()).toEqual({
      name: 'card-fonts',
      kind: 'component',
      state: 'up',
      emulated: false,
      reason: null,
    });
    const dir = makeTempDir('cardgate-fonts-');
    const t = JSON.parse(readFileSync(DEFAULT_TEMPLATE_PATH, 'utf8')) as {
      fonts: Record<string, { paths: string[] }>;
    };
    t.fonts['ocrb']!.paths = ['fonts/absent-OCRB.otf'];
    writeFileSync(join(dir, 'template.json'), JSON.stringify(t));
    const part = await cardFontsPart(join(dir, 'template.json'));
    expect(part.state).toBe('degraded');
    expect(part.reason).toMatch(
      /^OCR-B font file not found \(fonts\/absent-OCRB\.otf\).*real printers refused$/,
    );
  });
});
