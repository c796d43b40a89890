import {
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  mkdirSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrinterEmulator, type PrinterEmulator } from '../../drivers/printer/emulator/index.js';
import { EvolisPrinter } from '../../drivers/printer/evolis/driver.js';
import { TcpTransport } from '../../drivers/transport/tcp.js';
import { testCardSide } from './helpers/card-images.js';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('printer emulator output is personal data', () => {
  let emu: PrinterEmulator | null = null;
  let dir = '';
  afterEach(async () => {
    await emu?.close();
    emu = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function printOne(e: PrinterEmulator, jobId: string): Promise<void> {
    const printer = new EvolisPrinter({
      id: 'o1',
      transport: new TcpTransport({ host: '127.0.0.1', port: Number(new URL(e.url).port) }),
      commandTimeoutMs: 2000,
      pollIntervalMs: 0,
    });
    await printer.connect();
    try {
      await printer.print({ jobId, ribbon: 'k', image: { front: testCardSide('OUT') } });
    } finally {
      await printer.close();
    }
    await e.idle();
  }

  it('card images and records are 0600 in a 0700 folder, also over an older, wider folder and files', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cardgate-emu-out-'));
    const out = join(dir, 'printer-emulator');
    mkdirSync(out, { mode: 0o755 });
    chmodSync(out, 0o755);
    writeFileSync(join(out, 'job-0001.json'), '{}', { mode: 0o644 });
    chmodSync(join(out, 'job-0001.json'), 0o644);
    emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 2, outDir: out });
    expect(mode(out)).toBe(0o700);
    await printOne(emu, 'a');
    const files = readdirSync(out).sort();
    expect(files).toEqual(['job-0001-front.png', 'job-0001.json']);
    for (const f of files) expect(mode(join(out, f)), f).toBe(0o600);
  });

  it('purges files past retainMs at start and after each job, keeps at most maxFiles, and purgeOutputs(olderThan) on demand', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cardgate-emu-out-'));
    const out = join(dir, 'out');
    mkdirSync(out, { mode: 0o700 });
    const old = join(out, 'job-0042-front.png');
    writeFileSync(old, 'old card', { mode: 0o600 });
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, hourAgo, hourAgo);
    writeFileSync(join(out, 'notes.txt'), 'not an emulator output');
    emu = await startPrinterEmulator({
      tcpPort: 0,
      panelMs: 0,
      feederCards: 5,
      outDir: out,
      retainMs: 60_000,
      maxFiles: 4,
    });
    await emu.idle();
    expect(readdirSync(out)).not.toContain('job-0042-front.png');
    await printOne(emu, 'a');
    await printOne(emu, 'b');
    await printOne(emu, 'c');
    const jobs = readdirSync(out).filter((f) => f.startsWith('job-'));
    expect(jobs.length).toBe(4);
    // Newest kept: jobs 2 and 3.
    expect(jobs.sort()).toEqual([
      'job-0002-front.png',
      'job-0002.json',
      'job-0003-front.png',
      'job-0003.json',
    ]);
    expect(await emu.purgeOutputs(new Date(Date.now() + 1000))).toBe(4);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });
});
