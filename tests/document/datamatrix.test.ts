import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { dataMatrixModules, drawDataMatrix } from '../../gateway/document/render/datamatrix.js';
import { encodeEcc200 } from '../../gateway/document/render/ecc200.js';
import { readDataMatrix } from '../../gateway/document/seal/read-datamatrix.js';

/** A symbol drawn plainly (4 dots a module, 2 modules of quiet zone), as PNG bytes. */
function draw(bytes: Uint8Array): { png: Uint8Array; size: number } {
  const s = encodeEcc200(bytes);
  const scale = 4;
  const q = 2;
  const side = (s.size + 2 * q) * scale;
  const c = createCanvas(side, side);
  const g = c.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, side, side);
  g.fillStyle = '#000000';
  for (let y = 0; y < s.size; y++)
    for (let x = 0; x < s.size; x++)
      if (s.modules[y * s.size + x]) g.fillRect((x + q) * scale, (y + q) * scale, scale, scale);
  return { png: new Uint8Array(c.toBuffer('image/png')), size: s.size };
}

describe('ECC 200 DataMatrix encoder', () => {
  it.each([1, 2, 3, 5, 12, 20, 61, 100, 143, 160, 171, 200, 249, 250, 300, 500, 1000])(
    '%i bytes: zxing reads back exactly the bytes written',
    async (n) => {
      const bytes = new Uint8Array(n).map((_, i) => (i * 151 + n * 7) & 0xff);
      const { png } = draw(bytes);
      const found = await readDataMatrix(png);
      expect(found).toHaveLength(1);
      expect(Buffer.from(found[0]!).equals(Buffer.from(bytes))).toBe(true);
    },
  );

  it('picks the smallest square symbol: 3 bytes fit 12 × 12, 142 bytes fit 44 × 44, 143 need 48 × 48', () => {
    // Base 256 costs a latch and a length byte: 5 data codewords hold 3 bytes
    expect(encodeEcc200(new Uint8Array(3)).size).toBe(12);
    expect(encodeEcc200(new Uint8Array(142)).size).toBe(44);
    expect(encodeEcc200(new Uint8Array(143)).size).toBe(48);
  });
});

describe('drawDataMatrix on the card', () => {
  it('puts exactly the dots a fillRect per dark module would, for small and large symbols', () => {
    const box = { x: 770, y: 36, size: 220, quietModules: 2 };
    for (const len of [40, 120, 300, 600]) {
      const bytes = new Uint8Array(len).map((_, i) => (i * 37 + len) & 255);
      const drawn = createCanvas(1016, 648);
      const at = drawDataMatrix(drawn.getContext('2d'), bytes, box);
      const plain = createCanvas(1016, 648);
      const g = plain.getContext('2d');
      const m = dataMatrixModules(bytes);
      g.fillStyle = '#000000';
      for (let r = 0; r < m.rows; r++)
        for (let c = 0; c < m.columns; c++)
          if (m.dark[r * m.columns + c])
            g.fillRect(at.x + c * at.moduleSize, at.y + r * at.moduleSize, at.moduleSize, at.moduleSize);
      const a = drawn.getContext('2d').getImageData(0, 0, 1016, 648).data;
      const b = g.getImageData(0, 0, 1016, 648).data;
      expect(Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer)), `${len} bytes`).toBe(0);
      expect(a.some((v) => v !== 0)).toBe(true);
    }
  });
});
