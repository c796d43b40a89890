import { Image, createCanvas } from '@napi-rs/canvas';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PersonRecord } from '../../gateway/document/person.js';

export const fixturesDir = join(import.meta.dirname, '..', 'fixtures');
export const person = (name: string): PersonRecord =>
  JSON.parse(readFileSync(join(fixturesDir, 'persons', `${name}.json`), 'utf8')) as PersonRecord;
export const faceJpeg = (): Uint8Array => new Uint8Array(readFileSync(join(fixturesDir, 'face.jpg')));

/** RGBA pixels of a PNG, decoded independently of the renderer's own buffers. */
export function pngPixels(png: Uint8Array): { width: number; height: number; data: Uint8ClampedArray } {
  const img = new Image();
  img.src = Buffer.from(png);
  const c = createCanvas(img.width, img.height);
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: g.getImageData(0, 0, img.width, img.height).data };
}

/**
 * Character pitch of each MRZ line measured on a black mask: columns with ink in the band of the
 * line, split into runs (one per character), centre of first to centre of last over 29.
 */
export function measureMrzPitch(
  mask: (x: number, y: number) => boolean,
  band: { x0: number; x1: number; y0: number; y1: number },
): { characters: number; pitch: number } {
  const cols: boolean[] = [];
  for (let x = band.x0; x < band.x1; x++) {
    let ink = false;
    for (let y = band.y0; y < band.y1 && !ink; y++) ink = mask(x, y);
    cols.push(ink);
  }
  const centres: number[] = [];
  let start = -1;
  cols.forEach((ink, i) => {
    if (ink && start < 0) start = i;
    if (!ink && start >= 0) {
      centres.push((start + i - 1) / 2);
      start = -1;
    }
  });
  if (start >= 0) centres.push((start + cols.length - 1) / 2);
  return { characters: centres.length, pitch: (centres.at(-1)! - centres[0]!) / (centres.length - 1) };
}
