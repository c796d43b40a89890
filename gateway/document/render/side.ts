import { createCanvas, type Canvas, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import type { PersonRecord } from '../person.js';
import { artworkCanvas, artworkRgb } from './artwork.js';
import { drawDataMatrix } from './datamatrix.js';
import { fontFamily } from './fonts.js';
import { fieldText, latinName } from './format.js';
import { fitCrop } from './photo.js';
import { drawLine, wrapLines, type Box } from './text.js';
import type { Element } from './template-schema.js';
import { resolveAsset, type LoadedTemplate } from './template.js';

export type SideName = 'front' | 'back';

/** A side as two layers: what the colour panels print, and what the black resin prints. */
export interface SideLayers {
  colour: Canvas;
  k: Canvas;
  /** Rectangles the colour panels must leave white (MRZ zone, seal box, chip). */
  clear: Array<{ x: number; y: number; width: number; height: number }>;
  /** Where the k layer may hold ink (text boxes, MRZ zone, seal): only these are read back. */
  kRegions: Box[];
  /** The artwork alone as RGB bytes: the colour layer everywhere outside `colourRegions`. */
  artworkRgb: Uint8Array;
  /** Where something was drawn over the artwork on the colour layer: only these are read back. */
  colourRegions: Box[];
  /** The chip contacts: no ink, no overlay. */
  chip: { x: number; y: number; width: number; height: number } | null;
}

export interface SideData {
  person: PersonRecord;
  photo: Image | null;
  mrz: readonly string[];
  seal: Uint8Array;
  warnings: string[];
}

function drawElement(
  template: LoadedTemplate,
  el: Element,
  colour: SKRSContext2D,
  k: SKRSContext2D,
  data: SideData,
  fonts: ReadonlySet<string>,
  /** Where this element put ink, by layer: only these places are read back. */
  regions: { k: Box[]; colour: Box[] },
): void {
  if (el.type === 'box') {
    colour.fillStyle = el.color;
    colour.fillRect(el.x, el.y, el.width, el.height);
    regions.colour.push({ x: el.x - 1, y: el.y - 1, width: el.width + 2, height: el.height + 2 });
    return;
  }
  const ink = el.ink ?? 'k';
  const g = ink === 'k' ? k : colour;
  const paint = ink === 'k' ? '#000000' : (el.color ?? '#000000');
  const style = { x: el.x, y: el.y, font: el.font, size: el.size, maxWidth: el.maxWidth, align: el.align };
  const line = (text: string, st: typeof style): { shrunk: boolean } => {
    const r = drawLine(g, text, st, paint, fonts);
    if (r.box) regions[ink === 'k' ? 'k' : 'colour'].push(r.box);
    return r;
  };
  switch (el.type) {
    case 'text':
      line(el.text, style);
      return;
    case 'label':
      line(`${el.ro} / ${el.en}`, style);
      return;
    case 'flag':
      if (data.person[el.field])
        el.lines.forEach((text, i) => line(text, { ...style, y: el.y + i * el.lineHeight }));
      return;
    case 'field': {
      const text = fieldText(data.person, el.field);
      const lines = wrapLines(g, text, style, el.maxLines ?? 1, fonts);
      lines.forEach((text, i) => {
        const { shrunk } = line(text, { ...style, y: el.y + i * (el.lineHeight ?? el.size * 1.2) });
        if (shrunk) data.warnings.push(`${el.field} shrunk to fit its box`);
      });
      if (el.latinBelow && (el.field === 'surname' || el.field === 'givenNames')) {
        const latin = latinName(data.person, el.field);
        if (latin)
          line(latin, {
            ...style,
            y: el.y + el.latinBelow.dy,
            font: el.latinBelow.font,
            size: el.latinBelow.size,
          });
      }
    }
  }
}

/** The MRZ, one character per cell of `pitch` dots: 30 dots at 300 dpi is exactly 10 characters per inch. */
function drawMrz(g: SKRSContext2D, template: LoadedTemplate, lines: readonly string[]): void {
  const m = template.mrz;
  const family = fontFamily(m.font);
  // Size the face so its advance equals the pitch (OCR-B: 0.723 em); a fallback face gets the same cells.
  g.font = `100px "${family}"`;
  const advance = g.measureText('<').width / 100 || 0.6;
  const size = Math.min(m.pitch / advance, m.lineSpacing * 0.95);
  g.font = `${size}px "${family}"`;
  g.fillStyle = '#000000';
  g.textAlign = 'center';
  g.textBaseline = 'alphabetic';
  g.direction = 'ltr';
  lines.forEach((line, row) => {
    for (let i = 0; i < line.length; i++)
      g.fillText(line[i]!, m.x + (i + 0.5) * m.pitch, m.y + row * m.lineSpacing);
  });
}

export function mrzZone(template: LoadedTemplate): { x: number; y: number; width: number; height: number } {
  const m = template.mrz;
  const top = m.y - m.lineSpacing * 0.8;
  return {
    x: m.x - m.clearMargin,
    y: top - m.clearMargin,
    width: 30 * m.pitch + 2 * m.clearMargin,
    height: m.y + 2 * m.lineSpacing - top + 2 * m.clearMargin,
  };
}

/**
 * Canvases are reused per template and side: a card renders in one synchronous stretch
 * (layers, then panels), and native canvas memory is not seen by the garbage collector, so new
 * canvases per card would pile up hundreds of megabytes before a collection.
 */
const pool = new WeakMap<object, Partial<Record<SideName, { colour: Canvas; k: Canvas }>>>();

function canvasesFor(template: LoadedTemplate, side: SideName): { colour: Canvas; k: Canvas } {
  let entry = pool.get(template[side]);
  if (!entry) pool.set(template[side], (entry = {}));
  let pair = entry[side];
  if (!pair || pair.colour.width !== template.width || pair.colour.height !== template.height) {
    pair = {
      colour: createCanvas(template.width, template.height),
      k: createCanvas(template.width, template.height),
    };
    entry[side] = pair;
  }
  return pair;
}

/** Draws a side's two layers. The canvases returned are reused: read them before the next render. */
export function renderSideLayers(template: LoadedTemplate, side: SideName, data: SideData): SideLayers {
  const { width, height } = template;
  const spec = template[side];
  const fonts = new Set(Object.keys(template.fonts));
  const { colour: colourCanvas, k: kCanvas } = canvasesFor(template, side);
  const colour = colourCanvas.getContext('2d');
  const resolve = (p: string) => resolveAsset(template, p);
  const k = kCanvas.getContext('2d');
  k.clearRect(0, 0, width, height);
  colour.globalAlpha = 1;
  colour.drawImage(artworkCanvas(spec.artwork, width, height, resolve), 0, 0);

  const clear: SideLayers['clear'] = [];
  const regions = { k: [] as Box[], colour: [] as Box[] };
  const { k: kRegions, colour: colourRegions } = regions;
  for (const el of spec.elements) drawElement(template, el, colour, k, data, fonts, regions);

  if (spec.photo && data.photo) {
    const p = spec.photo;
    const crop = fitCrop(data.photo.width, data.photo.height);
    colour.drawImage(data.photo, crop.sx, crop.sy, crop.sw, crop.sh, p.x, p.y, p.width, p.height);
    colourRegions.push({ x: p.x - 4, y: p.y - 4, width: p.width + 8, height: p.height + 8 });
    if (p.border) {
      colour.strokeStyle = p.border;
      colour.lineWidth = 3;
      colour.strokeRect(p.x - 1.5, p.y - 1.5, p.width + 3, p.height + 3);
    }
  }
  if (template.mrz.side === side) {
    clear.push(mrzZone(template));
    kRegions.push(mrzZone(template));
    drawMrz(k, template, data.mrz);
  }
  if (template.seal.side === side) {
    const s = template.seal;
    clear.push({ x: s.x, y: s.y, width: s.size, height: s.size });
    kRegions.push({ x: s.x, y: s.y, width: s.size, height: s.size });
    drawDataMatrix(k, data.seal, s);
  }
  const chip = template.chip.side === side ? { ...template.chip } : null;
  return {
    colour: colourCanvas,
    k: kCanvas,
    clear,
    kRegions,
    artworkRgb: artworkRgb(spec.artwork, width, height, resolve),
    colourRegions,
    chip,
  };
}
