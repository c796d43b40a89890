import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { parse } from 'mrz';
import { beforeAll, describe, expect, it } from 'vitest';
import { CARD_HEIGHT, CARD_WIDTH } from '../../drivers/printer/interface.js';
import {
  loadTemplate,
  parseTemplate,
  produceCard,
  renderCard,
  type ProducedCard,
} from '../../gateway/document/render/index.js';
import { resolveAsset } from '../../gateway/document/render/template.js';
import {
  loadDocumentSigner,
  readDataMatrix,
  verifySeal,
  type DocumentSigner,
} from '../../gateway/document/seal/index.js';
import { faceJpeg, measureMrzPitch, person, pngPixels } from './card-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const template = loadTemplate();
let signer: DocumentSigner;
const cards: Record<string, ProducedCard> = {};

describe('card rendering (with the fonts shipped in gateway/document/assets/fonts)', () => {
  beforeAll(async () => {
    signer = await loadDocumentSigner({ dataDir: makeTempDir('cardgate-render-') });
    for (const name of ['romanian-diacritics', 'arabic', 'very-long-names', 'unknown-birth-date'])
      cards[name] = await produceCard({ person: person(name), photoJpeg: faceJpeg() }, { signer });
  }, 60_000);

  it('renders both sides at the printer buffer size with a valid MRZ', () => {
    for (const card of Object.values(cards)) {
      for (const side of [card.image.front, card.image.back!]) {
        expect([side.width, side.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
        expect(side.rgb).toHaveLength(CARD_WIDTH * CARD_HEIGHT * 3);
        expect(side.k).toHaveLength(CARD_WIDTH * CARD_HEIGHT);
      }
      expect(parse(card.mrz).valid).toBe(true);
      expect(card.fonts.printReady).toBe(true);
    }
  });

  it('reads the seal back from the rendered card picture with zxing, and it verifies', async () => {
    for (const card of Object.values(cards)) {
      const found = await readDataMatrix(card.previews.back);
      expect(found).toHaveLength(1);
      expect(Buffer.from(found[0]!).equals(Buffer.from(card.seal))).toBe(true);
      expect(verifySeal(found[0]!, signer.certificateDer).valid).toBe(true);
    }
  });

  it('prints the MRZ at 10 characters per inch (within 2 %), measured on the k plane and on the preview', () => {
    const card = cards['romanian-diacritics']!;
    const back = card.image.back!;
    const m = template.mrz;
    const fromPreview = pngPixels(card.previews.back);
    for (let row = 0; row < 3; row++) {
      const band = {
        x0: 20,
        x1: CARD_WIDTH - 20,
        y0: m.y + row * m.lineSpacing - 38,
        y1: m.y + row * m.lineSpacing + 4,
      };
      const k = measureMrzPitch((x, y) => back.k[y * CARD_WIDTH + x] !== 0, band);
      const png = measureMrzPitch((x, y) => fromPreview.data[(y * CARD_WIDTH + x) * 4]! < 100, band);
      for (const r of [k, png]) {
        expect(r.characters).toBe(30);
        const cpi = template.dpi / r.pitch;
        expect(Math.abs(cpi - 10) / 10).toBeLessThan(0.02);
      }
    }
  });

  it('never puts colour under black: rgb is white wherever k prints', () => {
    for (const card of Object.values(cards)) {
      for (const side of [card.image.front, card.image.back!]) {
        let inked = 0;
        for (let i = 0; i < side.k.length; i++) {
          if (!side.k[i]) continue;
          inked++;
          const white = side.rgb[i * 3] === 255 && side.rgb[i * 3 + 1] === 255 && side.rgb[i * 3 + 2] === 255;
          if (!white)
            throw new Error(`colour under k at dot ${i % CARD_WIDTH},${Math.floor(i / CARD_WIDTH)}`);
        }
        expect(inked).toBeGreaterThan(5000);
      }
    }
  });

  it('puts every dot drawn on the resin layer into the k plane', async () => {
    const { renderSideLayers } = await import('../../gateway/document/render/side.js');
    const { composePanels } = await import('../../gateway/document/render/panels.js');
    const { composeTd1 } = await import('../../gateway/document/mrz/index.js');
    const p = person('arabic');
    const mrz = composeTd1(p as Parameters<typeof composeTd1>[0]);
    const seal = cards['arabic']!.seal;
    for (const side of ['front', 'back'] as const) {
      const layers = renderSideLayers(template, side, { person: p, photo: null, mrz, seal, warnings: [] });
      const full = layers.k.getContext('2d').getImageData(0, 0, CARD_WIDTH, CARD_HEIGHT).data;
      const { image } = composePanels(layers, CARD_WIDTH, CARD_HEIGHT);
      let missed = 0;
      for (let i = 0; i < CARD_WIDTH * CARD_HEIGHT; i++) {
        const chip = layers.chip;
        const x = i % CARD_WIDTH;
        const y = Math.floor(i / CARD_WIDTH);
        const inChip =
          chip && x >= chip.x && x < chip.x + chip.width && y >= chip.y && y < chip.y + chip.height;
        if (full[i * 4 + 3]! >= 128 && !image.k[i] && !inChip) missed++;
      }
      expect(missed, side).toBe(0);
    }
  });

  it('leaves the chip contacts bare: no overlay, no ink, no colour', () => {
    const front = cards['arabic']!.image.front;
    const c = template.chip;
    for (let y = c.y + 1; y < c.y + c.height - 1; y += 3)
      for (let x = c.x + 1; x < c.x + c.width - 1; x += 3) {
        const i = y * CARD_WIDTH + x;
        expect(front.overlay[i]).toBe(0);
        expect(front.k[i]).toBe(0);
        expect(front.rgb[i * 3]).toBe(255);
      }
    expect(front.overlay[10 * CARD_WIDTH + 10]).toBe(1);
    expect(cards['arabic']!.image.back!.overlay.every((v) => v === 1)).toBe(true);
  });

  it('keeps the chip data within budget: DG1 the MRZ, DG2 a JPEG ≤ 12000 bytes', () => {
    const card = cards['romanian-diacritics']!;
    expect(new TextDecoder().decode(card.chip.dg1)).toBe(card.mrz.join(''));
    expect(card.chip.dg2[0]).toBe(0xff);
    expect(card.chip.dg2[1]).toBe(0xd8);
    expect(card.chip.dg2.length).toBeLessThanOrEqual(12_000);
    expect(card.chip.dg2.length).toBeGreaterThan(3_000);
    expect(JSON.parse(new TextDecoder().decode(card.chip.documentData))).toMatchObject({
      documentNumber: person('romanian-diacritics').documentNumber,
    });
  });

  it('draws the Arabic name in Arabic script: its ink matches the string drawn with the shipped Arabic face', async () => {
    // Reference: the surname drawn by a plain canvas with the template's Arabic bold file, at
    // the field's size, right to left; nothing of the renderer's text code is used.
    const el = template.front.elements.find((e) => e.type === 'field' && e.field === 'surname')!;
    const file = template.fonts['arabicBold']!.paths.map((p) => resolveAsset(template, p)).find(existsSync)!;
    GlobalFonts.registerFromPath(file, 'test-reference-arabic');
    const size = (el as { size: number }).size;
    const band = { x0: el.x - 6, x1: el.x + 420, y0: el.y - size, y1: el.y + Math.round(size * 0.45) };
    const reference = createCanvas(band.x1 - band.x0, band.y1 - band.y0);
    const g = reference.getContext('2d');
    g.font = `${size}px "test-reference-arabic"`;
    g.direction = 'rtl';
    // Right-aligned at the left edge plus its width: the name starts at the field's x.
    g.textAlign = 'right';
    g.fillText(
      person('arabic').surname,
      el.x - band.x0 + g.measureText(person('arabic').surname).width,
      el.y - band.y0,
    );
    const ref = g.getImageData(0, 0, reference.width, reference.height).data;
    const refColumns = Array.from({ length: reference.width }, (_, x) => {
      let n = 0;
      for (let y = 0; y < reference.height; y++) if (ref[(y * reference.width + x) * 4 + 3]! >= 128) n++;
      return n;
    });
    const columnsOf = (card: { image: { front: { k: Uint8Array } } }) =>
      Array.from({ length: band.x1 - band.x0 }, (_, i) => {
        let n = 0;
        for (let y = band.y0; y < band.y1; y++) n += card.image.front.k[y * CARD_WIDTH + band.x0 + i]!;
        return n;
      });
    const correlation = (a: number[], b: number[]): number => {
      const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
      const [ma, mb] = [mean(a), mean(b)];
      let ab = 0;
      let aa = 0;
      let bb = 0;
      a.forEach((x, i) => {
        ab += (x - ma) * (b[i]! - mb);
        aa += (x - ma) ** 2;
        bb += (b[i]! - mb) ** 2;
      });
      return ab / Math.sqrt(aa * bb);
    };
    const arabic = columnsOf(cards['arabic']!);
    expect(correlation(arabic, refColumns)).toBeGreaterThan(0.9);
    // The same card with the name in Latin letters does not match: the check can fail.
    const latin = await renderCard(
      { person: { ...person('arabic'), surname: 'ALHUSAYNI' }, photoJpeg: faceJpeg() },
      { signer },
    );
    expect(correlation(columnsOf(latin), refColumns)).toBeLessThan(0.5);
  });

  it('warns about a truncated MRZ name', () => {
    expect(cards['very-long-names']!.warnings).toContain('name truncated in the MRZ');
    expect(cards['arabic']!.warnings).not.toContain('name truncated in the MRZ');
  });

  it('refuses an incomplete person with DOCUMENT_INCOMPLETE and a broken photo with PHOTO_INVALID', async () => {
    const { documentNumber: _n, ...noNumber } = person('arabic');
    await expect(produceCard({ person: noNumber, photoJpeg: faceJpeg() }, { signer })).rejects.toMatchObject({
      code: 'DOCUMENT_INCOMPLETE',
    });
    await expect(
      produceCard({ person: person('arabic'), photoJpeg: Uint8Array.of(1, 2, 3) }, { signer }),
    ).rejects.toMatchObject({ code: 'PHOTO_INVALID' });
  });

  it('follows the template: moving the photo window moves the photo', async () => {
    const moved = parseTemplate(JSON.parse(readFileSync(join(template.baseDir, 'template.json'), 'utf8')));
    moved.front.photo!.x = 40;
    moved.front.photo!.y = 360;
    moved.front.elements = moved.front.elements.filter((e) => e.type === 'box');
    const card = await renderCard(
      { person: person('arabic'), photoJpeg: faceJpeg() },
      { signer, template: { ...moved, baseDir: template.baseDir } },
    );
    // the hair of the synthetic face is dark brown: present in the new window, not in the old one
    const dark = (x0: number, y0: number, w: number, h: number): number => {
      let n = 0;
      for (let y = y0; y < y0 + h; y++)
        for (let x = x0; x < x0 + w; x++) if (card.image.front.rgb[(y * CARD_WIDTH + x) * 3]! < 80) n++;
      return n;
    };
    expect(dark(40, 360, 270, 200)).toBeGreaterThan(2000);
    expect(dark(714, 136, 270, 200)).toBe(0);
  });

  it('still renders with a fallback face when OCR-B is missing, at 10 cpi, and says it is not print-ready', async () => {
    const t = parseTemplate(JSON.parse(readFileSync(join(template.baseDir, 'template.json'), 'utf8')));
    t.fonts['ocrb'] = { paths: ['/nonexistent/OCRB.otf'], fallback: 'DejaVu Sans Mono' };
    const card = await renderCard(
      { person: person('arabic'), photoJpeg: faceJpeg() },
      { signer, template: { ...t, baseDir: template.baseDir } },
    );
    expect(card.fonts.printReady).toBe(false);
    expect(card.fonts.reason).toMatch(/OCR-B/);
    expect(card.warnings.join(' ')).toMatch(/OCR-B/);
    const m = t.mrz;
    const r = measureMrzPitch((x, y) => card.image.back!.k[y * CARD_WIDTH + x] !== 0, {
      x0: 20,
      x1: CARD_WIDTH - 20,
      y0: m.y - 38,
      y1: m.y + 4,
    });
    expect(r.characters).toBe(30);
    expect(Math.abs(t.dpi / r.pitch - 10)).toBeLessThan(0.2);
    // the shipped template afterwards is print-ready again
    const again = await renderCard({ person: person('arabic'), photoJpeg: faceJpeg() }, { signer });
    expect(again.fonts.printReady).toBe(true);
  });

  // Regression only: the goldens were made by this renderer. What they must hold is checked
  // independently of it: the MRZ on the golden back is 3 × 30 characters at 10 cpi.
  it.each(['romanian-diacritics', 'arabic'])('golden %s: its MRZ is 3 × 30 characters at 10 cpi', (name) => {
    const golden = pngPixels(readFileSync(join(import.meta.dirname, 'golden', `${name}-back.png`)));
    const m = template.mrz;
    for (let row = 0; row < 3; row++) {
      const base = m.y + row * m.lineSpacing;
      const r = measureMrzPitch(
        (x, y) => {
          const i = (y * golden.width + x) * 4;
          return golden.data[i]! + golden.data[i + 1]! + golden.data[i + 2]! < 150;
        },
        { x0: m.x - 4, x1: m.x + 30 * m.pitch + 4, y0: base - 30, y1: base + 2 },
      );
      expect(r.characters, `${name} line ${row + 1}`).toBe(30);
      expect(Math.abs(template.dpi / r.pitch - 10), `${name} line ${row + 1}`).toBeLessThan(0.2);
    }
  });

  it.each(['romanian-diacritics', 'arabic'])(
    'regression: matches the golden image of %s (front and back, seal masked)',
    (name) => {
      const card = cards[name]!;
      const s = template.seal;
      const masked = (x: number, y: number): boolean =>
        x >= s.x && x < s.x + s.size && y >= s.y && y < s.y + s.size;
      for (const side of ['front', 'back'] as const) {
        const golden = join(import.meta.dirname, 'golden', `${name}-${side}.png`);
        if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) {
          if (process.env.UPDATE_GOLDEN !== '1')
            throw new Error(`golden ${golden} missing: run with UPDATE_GOLDEN=1`);
          writeFileSync(golden, card.previews[side]);
        }
        const a = pngPixels(card.previews[side]);
        const b = pngPixels(readFileSync(golden));
        expect([a.width, a.height]).toEqual([b.width, b.height]);
        let differing = 0;
        let total = 0;
        let sum = 0;
        for (let y = 0; y < a.height; y++)
          for (let x = 0; x < a.width; x++) {
            if (side === 'back' && masked(x, y)) continue;
            const i = (y * a.width + x) * 4;
            const d = Math.max(
              Math.abs(a.data[i]! - b.data[i]!),
              Math.abs(a.data[i + 1]! - b.data[i + 1]!),
              Math.abs(a.data[i + 2]! - b.data[i + 2]!),
            );
            sum += d;
            total++;
            if (d > 48) differing++;
          }
        expect(differing / total, `${name} ${side}: share of differing dots`).toBeLessThan(0.005);
        expect(sum / total, `${name} ${side}: mean difference`).toBeLessThan(2);
      }
    },
  );
});
