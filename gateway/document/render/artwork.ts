import { createCanvas, Image, type Canvas } from '@napi-rs/canvas';
import { readFileSync } from 'node:fs';
import { rgbaToRgb } from './rgb.js';
import type { Side } from './template-schema.js';

/**
 * The background artwork of a side, drawn procedurally (fine sine lines and a rosette, in the
 * manner of security printing) or from a PNG. Drawn once per template side and reused: it is the
 * same for every card.
 */
const cache = new WeakMap<Side['artwork'], Canvas>();

export function artworkCanvas(
  artwork: Side['artwork'],
  width: number,
  height: number,
  resolve: (p: string) => string,
): Canvas {
  const hit = cache.get(artwork);
  if (hit && hit.width === width && hit.height === height) return hit;
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  g.fillStyle = artwork.base;
  g.fillRect(0, 0, width, height);
  if (artwork.image) {
    const img = new Image();
    img.src = readFileSync(resolve(artwork.image));
    g.drawImage(img, 0, 0, width, height);
  }
  const gl = artwork.guilloche;
  if (gl) {
    g.lineWidth = gl.lineWidth;
    for (let i = 0; i < gl.lines; i++) {
      g.strokeStyle = gl.colors[i % gl.colors.length]!;
      const y0 = (height * (i + 0.5)) / gl.lines;
      const phase = (i * Math.PI) / 7;
      const wavelength = 180 + 40 * Math.sin(i);
      g.beginPath();
      for (let x = 0; x <= width; x += 4) {
        const y =
          y0 +
          gl.amplitude * Math.sin((2 * Math.PI * x) / wavelength + phase) +
          (gl.amplitude / 3) * Math.sin((2 * Math.PI * x) / 61 + phase * 2);
        if (x === 0) g.moveTo(x, y);
        else g.lineTo(x, y);
      }
      g.stroke();
    }
    const r = gl.rosette;
    if (r) {
      for (let k = 0; k < 12; k++) {
        g.strokeStyle = gl.colors[k % gl.colors.length]!;
        g.beginPath();
        for (let s = 0; s <= 720; s++) {
          const t = (s / 720) * 2 * Math.PI;
          const rad = r.radius * (0.55 + 0.04 * k + 0.12 * Math.sin(r.petals * t + k * 0.5));
          const x = r.x + rad * Math.cos(t);
          const y = r.y + rad * Math.sin(t);
          if (s === 0) g.moveTo(x, y);
          else g.lineTo(x, y);
        }
        g.stroke();
      }
    }
  }
  cache.set(artwork, c);
  return c;
}

const rgbCache = new WeakMap<Canvas, Uint8Array>();

/**
 * The artwork as packed RGB bytes, read back once per template side: a card's colour panels
 * start as a copy of it, and only the places drawn over it are read back from the canvas.
 */
export function artworkRgb(
  artwork: Side['artwork'],
  width: number,
  height: number,
  resolve: (p: string) => string,
): Uint8Array {
  const canvas = artworkCanvas(artwork, width, height, resolve);
  let rgb = rgbCache.get(canvas);
  if (!rgb) {
    const d = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    rgb = new Uint8Array(width * height * 3);
    rgbaToRgb(new Uint32Array(d.buffer, d.byteOffset, width * height), rgb, width * height);
    rgbCache.set(canvas, rgb);
  }
  return rgb;
}
