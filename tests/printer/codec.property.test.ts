import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BitmapFormatError,
  compressDots,
  compressLines,
  decompressDots,
  decompressLines,
  LEVELS,
  LINE_BYTES_1BIT,
  packPlain,
  PANEL_DOTS,
  PANEL_HEIGHT,
  PANEL_WIDTH,
  plainSize,
  unpackPlain,
  type Levels,
} from '../../drivers/printer/evolis/bitmap-codec.js';

/**
 * Panels built from a few random line patterns (runs, noise, blank tails, full black), so the
 * properties see every branch of the compressors without generating 658k dots one by one.
 */
const linePattern = (levels: Levels) =>
  fc.oneof(
    fc.constant({ kind: 'blank' as const }),
    fc.constant({ kind: 'full' as const }),
    fc.record({
      kind: fc.constant('runs' as const),
      runs: fc.array(fc.tuple(fc.integer({ min: 1, max: 900 }), fc.integer({ min: 0, max: levels - 1 })), {
        minLength: 1,
        maxLength: 12,
      }),
    }),
    fc.record({
      kind: fc.constant('noise' as const),
      seed: fc.integer(),
      inkTo: fc.integer({ min: 0, max: PANEL_WIDTH }),
    }),
  );

function buildPanel(
  levels: Levels,
  patterns: ReturnType<typeof linePattern> extends fc.Arbitrary<infer T> ? T[] : never,
): Uint8Array {
  const v = new Uint8Array(PANEL_DOTS);
  for (let line = 0; line < PANEL_HEIGHT; line++) {
    const p = patterns[line % patterns.length]!;
    const start = line * PANEL_WIDTH;
    if (p.kind === 'full') v.fill(levels - 1, start, start + PANEL_WIDTH);
    else if (p.kind === 'runs') {
      let pos = 0;
      for (const [len, value] of p.runs) {
        const end = Math.min(PANEL_WIDTH, pos + len);
        v.fill(value, start + pos, start + end);
        pos = end;
        if (pos >= PANEL_WIDTH) break;
      }
    } else if (p.kind === 'noise') {
      let s = (p.seed ^ line) >>> 0;
      for (let i = 0; i < p.inkTo; i++) {
        s = (s * 1103515245 + 12345) >>> 0;
        v[start + i] = (s >>> 16) % levels;
      }
    }
  }
  return v;
}

const panelArb = (levels: Levels) =>
  fc.array(linePattern(levels), { minLength: 1, maxLength: 8 }).map((ps) => buildPanel(levels, ps));

describe('panel codecs (property-based)', () => {
  for (const levels of LEVELS) {
    it(`plain packing at ${levels} levels round-trips and has the documented size`, () => {
      fc.assert(
        fc.property(panelArb(levels), (values) => {
          const packed = packPlain(values, levels);
          expect(packed.length).toBe(plainSize(levels));
          expect(Buffer.from(unpackPlain(packed, levels)).equals(Buffer.from(values))).toBe(true);
        }),
        { numRuns: 15 },
      );
    });
  }

  it('k/o line compression round-trips; white and black lines cost one byte', () => {
    fc.assert(
      fc.property(panelArb(2), (values) => {
        const packed = packPlain(values, 2);
        const c = compressLines(packed);
        expect(Buffer.from(decompressLines(c)).equals(Buffer.from(packed))).toBe(true);
        let oneByteLines = 0;
        for (let l = 0; l < PANEL_HEIGHT; l++) {
          const line = packed.subarray(l * LINE_BYTES_1BIT, (l + 1) * LINE_BYTES_1BIT);
          if (line.every((b) => b === 0) || line.every((b) => b === 0xff)) oneByteLines++;
        }
        expect(c.length).toBeLessThanOrEqual(
          PANEL_HEIGHT * (LINE_BYTES_1BIT + 1) - oneByteLines * LINE_BYTES_1BIT,
        );
      }),
      { numRuns: 25 },
    );
  });

  for (const levels of [32, 64, 128] as const) {
    it(`colour dot compression at ${levels} levels round-trips exactly`, () => {
      fc.assert(
        fc.property(panelArb(levels), (values) => {
          const c = compressDots(values, levels);
          expect(Buffer.from(decompressDots(c, levels)).equals(Buffer.from(values))).toBe(true);
        }),
        { numRuns: 20 },
      );
    });
  }

  it('a blank colour panel compresses to two bytes a line', () => {
    for (const levels of [32, 64, 128] as const)
      expect(compressDots(new Uint8Array(PANEL_DOTS), levels).length).toBe(2 * PANEL_HEIGHT);
  });

  it('decoders given random bytes either decode or throw BitmapFormatError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), fc.constantFrom(...LEVELS), (bytes, levels) => {
        for (const f of [
          () => (levels === 2 ? decompressLines(bytes) : decompressDots(bytes, levels)),
          () => unpackPlain(bytes, levels),
        ]) {
          try {
            f();
          } catch (e) {
            expect(e).toBeInstanceOf(BitmapFormatError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
