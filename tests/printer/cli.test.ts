import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { runCli, startCli, type RunningProcess } from '../helpers/processes.js';

describe('cardgate printer-emulator / printer status / print', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cardgate-printer-cli-'));
  const out = join(dir, 'out');
  let emu: RunningProcess;
  let url: string;
  let control: string;

  beforeAll(async () => {
    const c = createCanvas(1016, 648);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 1016, 648);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, 508, 100); // a dark bar across the top-left
    ctx.fillStyle = '#3060c0';
    ctx.fillRect(600, 300, 200, 200);
    writeFileSync(join(dir, 'front.png'), await c.encode('png'));
    emu = startCli([
      'printer-emulator',
      '--tcp',
      '0',
      '--panel-ms',
      '0',
      '--out',
      out,
      '--control-port',
      '0',
      '--fault',
      'cover-open',
    ]);
    const m = await emu.waitForOutput(/\{"listening":"(tcp:[^"]+)","control":"(http:[^"]+)"\}/, 30_000);
    url = m[1]!;
    control = m[2]!;
  }, 60_000);
  afterAll(async () => {
    await emu?.stop();
  });

  it('status shows the fault injected by a CLI flag, then ready after the control endpoint clears it', async () => {
    const r = await runCli(['printer', 'status', '--printer', url]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      identity: { vendor: string };
      fault: string;
      coverOpen: boolean;
      ready: boolean;
    };
    expect(s.identity.vendor).toBe('Evolis');
    expect(s).toMatchObject({ fault: 'COVER_OPEN', coverOpen: true, ready: false });
    expect((await fetch(`${control}/clear`, { method: 'POST', body: '{}' })).status).toBe(200);
    const r2 = await runCli(['printer', 'status', '--printer', url]);
    expect(JSON.parse(r2.stdout)).toMatchObject({ ready: true, fault: null });
  }, 60_000);

  it('prints a PNG with --ribbon k as one 1-bit k panel, dark pixels as ink; the emulator writes PNG + JSON', async () => {
    const r = await runCli(['print', '--printer', url, '--front', join(dir, 'front.png'), '--ribbon', 'k']);
    expect(r.code, r.stderr).toBe(0);
    const files = await (async () => {
      for (let i = 0; i < 100; i++) {
        const f = existsSync(out) ? readdirSync(out).filter((x) => x.endsWith('.json')) : [];
        if (f.length) return f;
        await new Promise((res) => setTimeout(res, 100));
      }
      return [];
    })();
    const rec = JSON.parse(readFileSync(join(out, files[0]!), 'utf8')) as {
      result: string;
      sides: { side: string; panels: { panel: string; levels: number; inkDots: number }[] }[];
      png: { front: string };
    };
    expect(rec.result).toBe('ejected');
    expect(rec.sides).toHaveLength(1);
    expect(rec.sides[0]!.panels.map((p) => [p.panel, p.levels])).toEqual([['k', 2]]);
    // The black bar (508 × 100) and the dark blue square (luma < 128) are ink; the white is not.
    expect(rec.sides[0]!.panels[0]!.inkDots).toBe(508 * 100 + 200 * 200);
    const img = await loadImage(join(out, rec.png.front));
    const ctx = createCanvas(img.width, img.height).getContext('2d');
    ctx.drawImage(img, 0, 0);
    expect([img.width, img.height]).toEqual([1016, 648]);
    expect([...ctx.getImageData(10, 10, 1, 1).data.slice(0, 3)]).toEqual([0, 0, 0]);
    expect([...ctx.getImageData(900, 600, 1, 1).data.slice(0, 3)]).toEqual([255, 255, 255]);
  }, 60_000);

  it('bad input exits 2 with a code; an unreachable printer exits 1 with the fault and its fix', async () => {
    const bad = await runCli(['printer', 'status', '--printer', 'ftp://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/TRANSPORT_URL/);
    const down = await runCli(['printer', 'status', '--printer', 'tcp://127.0.0.1:1', '--timeout-ms', '500']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/PRINTER_DISCONNECTED.*fix:/i);
    const fault = await runCli(['printer-emulator', '--tcp', '0', '--fault', 'jam']);
    expect(fault.code).toBe(2);
    expect(fault.stderr).toMatch(/jam needs panel/);
  }, 60_000);
});
