import { describe, expect, it } from 'vitest';
import { encodeSideFast } from '../../drivers/printer/evolis/fast-side.js';
import { encodePanel, decodePanel } from '../../drivers/printer/evolis/bitmap-codec.js';
import {
  bufferIndex,
  encodeSide,
  panelInk,
  panelsForRibbon,
  quantize,
} from '../../drivers/printer/evolis/panels.js';
import { expectedPanel, syntheticSide } from './helpers/synthetic-side.js';
import { testCardSide } from './helpers/card-images.js';

describe('card side → panels', () => {
  it('turns the card a quarter clockwise into the 648 × 1016 buffer', () => {
    expect(bufferIndex(0, 0)).toBe(647); // card top-left → first line, last dot
    expect(bufferIndex(1015, 647)).toBe(1015 * 648); // card bottom-right → last line, first dot
  });

  it('names the panels each ribbon prints, in printer order', () => {
    expect(panelsForRibbon('ymcko', 'front')).toEqual(['y', 'm', 'c', 'k', 'o']);
    expect(panelsForRibbon('ymckok', 'back')).toEqual(['k']);
    expect(panelsForRibbon('ko', 'front')).toEqual(['k', 'o']);
    expect(panelsForRibbon('kb', 'back')).toEqual(['k']);
  });

  for (const levels of [32, 64, 128] as const) {
    it(`single-pass encoder gives the same bytes as the panel-by-panel one, and the right dots (${levels} levels)`, () => {
      const side = syntheticSide();
      const fast = encodeSideFast(side, ['y', 'm', 'c', 'k', 'o'], levels, 'auto');
      for (const f of fast) {
        const lv = f.panel === 'k' || f.panel === 'o' ? 2 : levels;
        const slow = encodePanel(quantize(panelInk(side, f.panel, false), lv), lv);
        expect(f.compressed).toBe(slow.compressed);
        expect(Buffer.from(f.data).equals(Buffer.from(slow.data)), f.panel).toBe(true);
        expect(
          Buffer.from(decodePanel(f.data, lv, f.compressed)).equals(Buffer.from(expectedPanel(f.panel, lv))),
        ).toBe(true);
      }
    });
  }

  it('k-only ribbons print dark artwork as resin; both paths agree', () => {
    const side = testCardSide('MONO');
    const fast = [...encodeSide(side, ['k'])];
    const slow = encodePanel(quantize(panelInk(side, 'k', true), 2), 2);
    expect(fast).toHaveLength(1);
    expect(Buffer.from(fast[0]!.data).equals(Buffer.from(slow.data))).toBe(true);
    const withArtwork = decodePanel(fast[0]!.data, 2, fast[0]!.compressed).reduce((n, v) => n + v, 0);
    const textOnly = quantize(panelInk(side, 'k', false), 2).reduce((n, v) => n + v, 0);
    expect(withArtwork).toBeGreaterThan(textOnly);
  });

  it('card arrays not on a 4-byte boundary (byte-at-a-time rotation) give the same bytes', () => {
    const side = testCardSide('ODD', 4);
    const shifted = (a: Uint8Array): Uint8Array => {
      const b = new Uint8Array(a.length + 1);
      b.set(a, 1);
      return b.subarray(1);
    };
    const odd = { ...side, rgb: shifted(side.rgb), k: shifted(side.k), overlay: shifted(side.overlay) };
    for (const panels of [['y', 'm', 'c', 'k', 'o'], ['k']] as const) {
      const a = [...encodeSide(side, [...panels])].map((p) => Buffer.from(p.data));
      const b = [...encodeSide(odd, [...panels])].map((p) => Buffer.from(p.data));
      expect(b.map((x, i) => x.equals(a[i]!))).toEqual(a.map(() => true));
    }
  });

  it('results stay valid after encoding the next card (no shared scratch leaks out)', () => {
    const a = encodeSideFast(testCardSide('A', 1), ['y', 'k'], 32, 'auto').map((p) => Buffer.from(p.data));
    const keep = encodeSideFast(testCardSide('A', 1), ['y', 'k'], 32, 'auto');
    encodeSideFast(testCardSide('B', 5), ['y', 'k'], 32, 'auto');
    expect(keep.map((p) => Buffer.from(p.data).equals(a[keep.indexOf(p)]!))).toEqual([true, true]);
  });
});
