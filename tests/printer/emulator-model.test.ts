import { describe, expect, it } from 'vitest';
import { PrinterModel, type EmulatedJob } from '../../drivers/printer/emulator/printer-model.js';
import { CommandStreamParser } from '../../drivers/printer/evolis/command-stream.js';
import { parseFault } from '../../drivers/printer/emulator/faults.js';

const replies = (model: PrinterModel, text: string): string[] => {
  const { commands, problems } = new CommandStreamParser().push(Buffer.from(text, 'latin1'));
  return [
    ...problems.map((p) => model.handleProblem(p.message)),
    ...commands.map((c) => model.handle(c)),
  ].map((o) => String(o.reply));
};

describe('printer emulator model', () => {
  it('answers reads, settings and movement as the protocol document says, in both reply modes', () => {
    const m = new PrinterModel({ feederCards: 1, panelMs: 0 });
    expect(replies(m, '\x1bRfv\r\x1bRr\r\x1bRse;f\r\x1bRlr;p\r\x1bSis\r\x1bRlr;p\r\x1bSe\r\x1bSs\r')).toEqual(
      [m.firmware, 'ymcko', '5,00 Volts', 'NO CARD', 'OK', 'SMART CARD', 'OK', 'ERR FEEDER EMPTY'],
    );
    expect(replies(m, '\x1bPem;1\r\x1bSs\r\x1bXyz\r\x1bRco;q\r')).toEqual([
      'ACK',
      'NACK F',
      'NACK 1',
      'NACK 2',
    ]);
  });

  it('keeps 20 job records but the dots of only the last 3', () => {
    const m = new PrinterModel({ feederCards: 1, panelMs: 0 });
    const job = (n: number): EmulatedJob => ({
      number: n,
      ribbon: 'k',
      startedAt: '',
      endedAt: '',
      result: 'ejected',
      sides: [
        {
          side: 'front',
          panels: [
            {
              panel: 'k',
              levels: 2,
              width: 648,
              height: 1016,
              inkDots: 1,
              compressed: true,
              values: new Uint8Array(10),
            },
          ],
        },
      ],
      wire: [],
    });
    for (let n = 1; n <= 25; n++) m.remember(job(n));
    expect(m.jobs.map((j) => j.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 6));
    expect(m.jobs.map((j) => j.sides[0]!.panels[0]!.values.length).slice(-4)).toEqual([0, 10, 10, 10]);
  });

  it('reads fault names from the CLI form and refuses unknown ones', () => {
    expect(parseFault('jam:k:back')).toEqual({ fault: 'jam', panel: 'k', side: 'back' });
    expect(parseFault('slow:2000:3')).toEqual({ fault: 'slow', ms: 2000, count: 3 });
    expect(parseFault('disconnect')).toEqual({ fault: 'disconnect' });
    for (const bad of ['jam', 'jam:z', 'slow:-1', 'garbage:0', 'melt', 42])
      expect(() => parseFault(bad), String(bad)).toThrow(/./);
  });
});
