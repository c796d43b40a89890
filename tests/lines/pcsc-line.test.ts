import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadPcsclite } from '../../drivers/encoder/pcsc/load.js';
import type { JobRecord } from '../../gateway/issuance/job.js';
import { startPcscStack, VPCD_READER, type PcscStack } from '../helpers/pcsc-stack.js';
import { describeWithSystem } from '../helpers/system.js';
import { facePhoto } from '../issuance/fakes.js';
import { person } from '../issuance/service-helpers.js';
import { makeLinesRig, type LinesRig } from './lines-rig.js';

/**
 * Three print lines under one queue: two with the encoder emulator, the third with the real PC/SC
 * driver on pcscd's virtual reader, where each blank the printer feeds is a new vicc card (the
 * card is written, read back and checked through pcscd). Then pcscd goes away under the line.
 */
describeWithSystem(['pcscd', 'vicc'], 'a print line on real pcscd beside emulated lines', () => {
  let stack: PcscStack;
  let rig: LinesRig;
  const photo = facePhoto();

  beforeAll(async () => {
    // Other files use the one pcscd too: wait for them (each holds it about a minute).
    stack = await startPcscStack({ insertCard: false, lockWaitMs: 600_000 });
    const loaded = loadPcsclite();
    if (!loaded.ok) throw new Error(loaded.reason);
    rig = await makeLinesRig({ lines: 2, feederCards: 100, pcsc: { stack, factory: loaded.factory } });
  }, 660_000);

  afterAll(async () => {
    await rig?.close();
    await stack?.stop();
  });

  const lineState = (line: string, state: string): Promise<void> =>
    new Promise((resolve) => {
      const off = rig.bus.on('issuance:line', (e) => {
        if (e.line === line && e.state === state) {
          off();
          resolve();
        }
      });
    });

  const queue = async (n: number, line?: string): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push(
        (
          await rig.service.create(
            { kind: 'new', person: person(), photoJpeg: photo, ...(line ? { line } : {}) },
            'op',
          )
        ).id,
      );
    return ids;
  };

  /** Resolves when every job named has reached a final state (from the bus, not by polling). */
  const settled = (ids: string[]): Promise<void> => {
    const open = new Set(ids);
    return new Promise((resolve) => {
      const off = rig.bus.on('issuance:job', (e) => {
        if (['done', 'failed', 'voided', 'needs-operator'].includes(e.status)) open.delete(e.jobId);
        if (open.size === 0) {
          off();
          resolve();
        }
      });
    });
  };

  const jobsOf = (ids: string[]): Promise<JobRecord[]> => Promise.all(ids.map((id) => rig.service.get(id)));

  it('makes cards on all three lines; the PC/SC line writes and checks each card through pcscd', async () => {
    const pcsc = rig.pcscLine!;
    expect(pcsc.encoder.emulated).toBe(false);
    const all = ['line-1', 'line-2', pcsc.id];
    for (const l of all) await rig.service.setLineService(l, false, 'tech', 'loading');
    // Held while the queue fills, so every line starts at once.
    const pinned = await queue(3, pcsc.id);
    const free = await queue(6);
    const finished = settled([...pinned, ...free]);
    for (const l of all) await rig.service.setLineService(l, true, 'tech');
    await finished;

    const jobs = await jobsOf([...pinned, ...free]);
    expect(jobs.map((j) => j.status)).toEqual(Array(9).fill('done'));
    expect(new Set(jobs.map((j) => j.documentNumber)).size).toBe(9);
    expect(jobs.map((j) => j.attempts)).toEqual(Array(9).fill(1));
    expect((await jobsOf(pinned)).map((j) => j.line)).toEqual([pcsc.id, pcsc.id, pcsc.id]);
    expect(rig.service.line(pcsc.id).reader).toBe(VPCD_READER);
    expect((await rig.service.reconciliation('today')).balanced).toBe(true);
  }, 300_000);

  it('pcscd stopped: the line goes offline naming its reader, cards go to the others; back with pcscd', async () => {
    const id = rig.pcscLine!.id;
    const offline = lineState(id, 'offline');
    await stack.stopPcscd();
    await offline;
    // The reader is gone with the PC/SC service: the line names the reader it is bound to.
    expect(rig.service.line(id)).toMatchObject({
      reader: VPCD_READER,
      reason: { code: 'LINE_READER_MISSING' },
    });

    for (const l of ['line-1', 'line-2']) await rig.service.setLineService(l, false, 'tech', 'loading');
    const meanwhile = await queue(4);
    const finished = settled(meanwhile);
    for (const l of ['line-1', 'line-2']) await rig.service.setLineService(l, true, 'tech');
    await finished;
    const made = await jobsOf(meanwhile);
    expect(made.map((j) => j.status)).toEqual(Array(4).fill('done'));
    expect(made.filter((j) => j.line === id)).toEqual([]);

    const back = lineState(id, 'idle');
    await stack.startPcscd();
    await back;
    await rig.service.setLineService(id, false, 'tech', 'loading');
    const again = await queue(1, id);
    const last = settled(again);
    await rig.service.setLineService(id, true, 'tech');
    await last;
    expect((await jobsOf(again)).map((j) => [j.status, j.line])).toEqual([['done', id]]);
    expect((await rig.service.reconciliation('today')).balanced).toBe(true);
  }, 300_000);
});
