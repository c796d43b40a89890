import { describe, expect, it } from 'vitest';
import { CommandStreamParser } from '../../drivers/printer/evolis/command-stream.js';
import { decodeJob } from '../../drivers/printer/evolis/job-decoder.js';
import { PrinterModel } from '../../drivers/printer/emulator/printer-model.js';

/**
 * The guide's `Dbc;panel;levels;first-line;nbytes;data` form next to the vendor driver's
 * `Dbc;panel;levels;nbytes;data`, in a stream built byte by byte here (not by the driver's
 * encoder), so the expected dots follow from the protocol document alone.
 */
const W = 648;
const LINES = 1016;
const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const repeat = (times: number, unit: number[]): number[] => Array.from({ length: times }, () => unit).flat();

// k from line 100: line 100 all black (0xFF), line 101 only its first dot (N = 1, byte 0x80),
// the rest white (0x00). Lines 0..99 are not sent.
const kData = [0xff, 0x01, 0x80, ...repeat(LINES - 102, [0x00])];
// y at 32 levels from line 10: dot 0 = 5 (literal), dots 1..3 = 7 (repeat code 0x80|7, count 3),
// rest of the line blank (0x80 0x00); every later line blank.
const yData = [0x05, 0x87, 0x03, 0x80, 0x00, ...repeat(LINES - 11, [0x80, 0x00])];
// Vendor three-parameter k whose data starts with digits and ';' ('1' = count 49, then '2', ';'):
// its byte count (1065) is not a line number, so it must stay the three-parameter form.
const vendorK = [0x31, 0x32, 0x3b, ...repeat(47, [0xaa]), ...repeat(LINES - 1, [0x00])];

const stream = bytes(
  '\x1bPr;ymcko\r\x1bSs\r\x1bSr\r',
  `\x1bDbc;y;32;10;${yData.length};`,
  yData,
  '\r',
  `\x1bDbc;k;2;100;${kData.length};`,
  kData,
  '\r\x1bSv\r',
  `\x1bDbc;k;2;${vendorK.length};`,
  vendorK,
  '\r\x1bSe\r',
);

describe('Dbc with a first-line parameter (the guide form)', () => {
  it('decodes both forms in one stream, told apart by their parameter count', () => {
    const job = decodeJob(stream);
    expect(job.problems).toEqual([]);
    expect(job.unexplainedBytes).toBe(0);
    expect(job.commands).toEqual(['Pr', 'Ss', 'Sr', 'Dbc', 'Dbc', 'Sv', 'Dbc', 'Se']);
    const [front, back] = job.sides;
    const [y, k] = front!.panels;

    expect(y!.values.slice(10 * W, 10 * W + 5)).toEqual(new Uint8Array([5, 7, 7, 7, 0]));
    expect(y!.inkDots).toBe(4);

    const line100 = k!.values.subarray(100 * W, 101 * W);
    expect(line100.every((v) => v === 1)).toBe(true);
    expect(k!.values[101 * W]).toBe(1);
    expect(k!.inkDots).toBe(W + 1); // nothing above line 100

    const vk = back!.panels[0]!;
    expect(vk.compressed).toBe(true);
    // '2' = 0b00110010, ';' = 0b00111011, 47 × 0xAA: four dots each + 3 + 5 + 47 × 4.
    expect(vk.inkDots).toBe(3 + 5 + 47 * 4);
  });

  it('keeps the parameters as sent and splits the same however the stream is cut', () => {
    const whole = new CommandStreamParser().push(stream).commands;
    expect(whole.filter((c) => c.name === 'Dbc').map((c) => c.params)).toEqual([
      ['y', '32', '10', String(yData.length)],
      ['k', '2', '100', String(kData.length)],
      ['k', '2', String(vendorK.length)],
    ]);
    for (const size of [1, 3, 11, 500]) {
      const p = new CommandStreamParser();
      const got = [];
      for (let i = 0; i < stream.length; i += size)
        got.push(...p.push(stream.subarray(i, i + size)).commands);
      expect(got.map((c) => [c.name, ...c.params, c.data?.length ?? 0])).toEqual(
        whole.map((c) => [c.name, ...c.params, c.data?.length ?? 0]),
      );
    }
  });

  it('the emulator accepts the guide form and answers OK for each panel', () => {
    const m = new PrinterModel({ feederCards: 1, panelMs: 0 });
    const { commands, problems } = new CommandStreamParser().push(stream);
    expect(problems).toEqual([]);
    expect(commands.map((c) => String(m.handle(c).reply))).toEqual(Array(8).fill('OK'));
  });

  it('a first line whose data runs past the panel end is refused by the emulator', () => {
    // Line 1015 is the last: two lines of data starting there do not fit.
    const m = new PrinterModel({ feederCards: 1, panelMs: 0 });
    const bad = bytes('\x1bPr;ymcko\r\x1bSs\r\x1bSr\r\x1bDbc;k;2;1015;2;', [0, 0], '\r');
    const replies = new CommandStreamParser().push(bad).commands.map((c) => String(m.handle(c).reply));
    expect(replies).toEqual(['OK', 'OK', 'OK', 'ERR DATA']);
  });
});
