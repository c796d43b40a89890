import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseReply, ReplyReader } from '../../drivers/printer/evolis/replies.js';
import { CommandStreamParser } from '../../drivers/printer/evolis/command-stream.js';
import { frameBitmap, frameCommand } from '../../drivers/printer/evolis/framing.js';
import { PrinterFault } from '../../drivers/printer/interface.js';

const printable = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 40,
});

describe('reply reader and parser', () => {
  it('fuzz: random bytes never throw anything but a typed PrinterFault', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, read) => {
        for (const reply of new ReplyReader(256).push(bytes)) {
          try {
            parseReply(reply, 'fuzz', { read });
          } catch (e) {
            expect(e).toBeInstanceOf(PrinterFault);
            expect((e as PrinterFault).code).toMatch(/^[A-Z_]+$/);
            expect((e as PrinterFault).fix.length).toBeGreaterThan(0);
          }
        }
        try {
          parseReply(bytes, 'fuzz');
        } catch (e) {
          expect(e).toBeInstanceOf(PrinterFault);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('splits replies ended by CR or NUL the same way however the bytes arrive', () => {
    fc.assert(
      fc.property(
        fc.array(printable, { minLength: 1, maxLength: 10 }),
        fc.array(fc.constantFrom('\r', '\0', '\r\0', '\0\0\0'), { minLength: 10, maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }),
        (replies, terms, cuts) => {
          const wire = Buffer.from(replies.map((r, i) => r + terms[i]!).join(''), 'latin1');
          const reader = new ReplyReader();
          const got: string[] = [];
          let pos = 0;
          for (let i = 0; pos < wire.length; i++) {
            const n = cuts[i % cuts.length]!;
            got.push(...reader.push(wire.subarray(pos, pos + n)).map((b) => b.toString('latin1')));
            pos += n;
          }
          expect(got).toEqual(replies);
        },
      ),
    );
  });

  it('maps replies to faults with stable codes', () => {
    const code = (text: string, read = false): string => {
      try {
        parseReply(Buffer.from(text), 'x', { read });
        return 'none';
      } catch (e) {
        return (e as PrinterFault).code;
      }
    };
    expect(code('OK')).toBe('none');
    expect(code('ACK')).toBe('none');
    expect(code('NACK C')).toBe('COVER_OPEN');
    expect(code('NACK F')).toBe('FEEDER_EMPTY');
    expect(code('NACK R')).toBe('RIBBON_ENDED');
    expect(code('NACK T')).toBe('MECHANICAL');
    expect(code('NACK 1')).toBe('COMMAND_REJECTED');
    expect(code('NACK 2')).toBe('COMMAND_REJECTED');
    expect(code('NACK Q')).toBe('PROTOCOL');
    expect(code('ERR COVER OPEN')).toBe('COVER_OPEN');
    expect(code('ERR FEEDER EMPTY')).toBe('FEEDER_EMPTY');
    expect(code('NO CARD')).toBe('FEEDER_EMPTY');
    expect(code('ERR RIBBON END')).toBe('RIBBON_ENDED');
    expect(code('ERR RIBBON MISSING')).toBe('RIBBON_MISSING');
    expect(code('ERR CARD JAM')).toBe('CARD_JAM');
    expect(code('ERR CARD')).toBe('CARD_JAM');
    expect(code('ERR NEED CLEANING')).toBe('NEED_CLEANING');
    expect(code('ERROR 42')).toBe('COMMAND_REJECTED');
    expect(code('ERR NEED CLEANING', true)).toBe('none');
    expect(code('\x81\x90')).toBe('PROTOCOL');
  });
});

describe('command stream parser', () => {
  it('fuzz: random bytes never throw; commands and problems come in stream order, within the bytes given, none overlapping', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }), (chunks) => {
        const p = new CommandStreamParser();
        let total = 0;
        const commands: { offset: number; length: number; name: string }[] = [];
        const problemOffsets: number[] = [];
        for (const c of chunks) {
          const r = p.push(c);
          total += c.length;
          commands.push(...r.commands);
          problemOffsets.push(...r.problems.map((x) => x.offset));
        }
        let end = 0;
        for (const c of commands) {
          expect(c.name).toMatch(/^[A-Za-z]{1,8}$/);
          expect(c.offset).toBeGreaterThanOrEqual(end);
          end = c.offset + c.length;
        }
        for (let i = 1; i < problemOffsets.length; i++)
          expect(problemOffsets[i]).toBeGreaterThan(problemOffsets[i - 1]!);
        // Parsed frames, skipped padding and held bytes never add up to more than was given.
        const parsed = commands.reduce((n, c) => n + c.length, 0);
        expect(parsed + p.paddingSkipped + p.pending).toBeLessThanOrEqual(total);
        expect(end).toBeLessThanOrEqual(total - p.pending);
        // A reception time-out gives up what is held: nothing stays pending.
        const held = p.pending;
        const dropped = p.abandon();
        expect(dropped === null).toBe(held === 0);
        expect(p.pending).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('frames built by the driver parse back to the same commands, with Psc and missing ESC', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('Pr', 'Rfv', 'Pmi', 'Ss', 'Se', 'Rco'),
            fc.array(fc.stringMatching(/^[a-z0-9]{1,6}$/), { maxLength: 3 }),
          ),
          { minLength: 1, maxLength: 10 },
        ),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        (cmds, data) => {
          const parts: Buffer[] = [];
          cmds.forEach(([name, params], i) => {
            const f = frameCommand(name, ...params);
            // ESC may be left out right after a CR.
            parts.push(i % 2 === 1 ? f.subarray(1) : f, Buffer.alloc(i % 3));
          });
          const bmp = frameBitmap('k', 2, data, true);
          parts.push(bmp.header, Buffer.from(bmp.data), bmp.trailer);
          parts.push(Buffer.from('\x1bPsc;#;,;!\r#Pr,ymcko!#Psc!\x1bSe\r', 'latin1'));
          const { commands, problems } = new CommandStreamParser().push(Buffer.concat(parts));
          expect(problems).toEqual([]);
          expect(commands.map((c) => [c.name, ...c.params])).toEqual([
            ...cmds.map(([n, p]) => [n, ...p]),
            ['Dbc', 'k', '2', String(data.length)],
            ['Psc', '#', ',', '!'],
            ['Pr', 'ymcko'],
            ['Psc'],
            ['Se'],
          ]);
          expect(Buffer.from(commands[cmds.length]!.data!).equals(Buffer.from(data))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
