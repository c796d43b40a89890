import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { decodePhoto, sample, type Raster } from './raster.js';
import { findFace, laplacianVariance, meanLuma, type FaceBox } from './measures.js';
import {
  defaultThresholds,
  runChecks,
  youngChildThresholds,
  type PhotoCheck,
  type PhotoThresholds,
} from './checks.js';
import { encodeWithinBudget } from './jpeg-budget.js';
import { CardgateError } from '../core/errors.js';

/** ICAO 9303 portrait: 35 mm wide, 45 mm high. */
export const ICAO_RATIO = 35 / 45;

export interface PhotoOptions {
  /** The card's photo window in pixels (default 35×45 mm at 300 dpi). */
  cardSize?: { width: number; height: number };
  /** The chip portrait (DG2) size and byte budget. */
  chipSize?: { width: number; height: number };
  chipMaxBytes?: number;
  thresholds?: Partial<PhotoThresholds>;
  /** A child under six: the checks a small child cannot meet are loosened (youngChildThresholds). */
  youngChild?: boolean;
}

export interface ProcessedPhoto {
  ok: boolean;
  checks: PhotoCheck[];
  /** The 35×45 crop for the card's photo window. */
  cardJpeg: Buffer;
  /** The chip portrait within its byte budget. */
  chipJpeg: Buffer;
  chipQuality: number;
  crop: { x: number; y: number; w: number; h: number };
  face: FaceBox;
  source: { width: number; height: number };
}

/**
 * From a camera frame to the card and chip portraits: find the face, crop at ICAO proportions
 * with the head filling about three quarters of the height, check what an operator can fix,
 * and fit the chip JPEG in its budget.
 */
export async function processPhoto(bytes: Uint8Array, opts: PhotoOptions = {}): Promise<ProcessedPhoto> {
  return processRaster(decodePhoto(bytes), opts);
}

export async function processRaster(r: Raster, opts: PhotoOptions = {}): Promise<ProcessedPhoto> {
  const base = { ...defaultThresholds, ...opts.thresholds };
  const t = opts.youngChild ? youngChildThresholds(base) : base;
  const card = opts.cardSize ?? { width: 413, height: 531 };
  const chip = opts.chipSize ?? { width: 240, height: 309 };

  const whole = sample(r, { x: 0, y: 0, w: r.width, h: r.height }, 160);
  if (whole.opaque < 0.5) {
    throw new CardgateError('PHOTO_UNREADABLE', 'photo could not be decoded (truncated or damaged)', {
      status: 400,
    });
  }
  const face = findFace(whole.rgba, whole.gray, whole.width, whole.height, r.width / whole.width);
  const faceFound = face.method === 'skin';

  const crop = cropBox(r, face);
  // Brightness and sharpness where they matter: on the face (the whole crop if none was found).
  const region = faceFound ? clampBox(face, r) : crop;
  const faceSample = sample(r, region, 200);
  const measured = {
    luma: meanLuma(faceSample.gray),
    sharpness: laplacianVariance(faceSample.gray, faceSample.width, faceSample.height),
    cropWidth: crop.w,
    offCentreX: (face.x + face.w / 2 - r.width / 2) / r.width,
    offCentreY: faceFound ? (face.y + face.h / 2 - r.height * 0.5) / r.height : 0,
    faceFound,
  };
  const checks = runChecks(measured, t);

  const cardCanvas = draw(r, crop, card.width, card.height);
  const chipCanvas = draw(r, crop, chip.width, chip.height);
  // Synchronous encodes: ~11 ms for the card portrait against ~24 ms through libuv's pool on a
  // busy machine; the few ms of blocked event loop per operator capture are the cheaper cost.
  const cardJpeg = cardCanvas.encodeSync('jpeg', 92);
  const chipOut = encodeWithinBudget(chipCanvas, opts.chipMaxBytes ?? 15_000);
  return {
    ok: checks.every((c) => c.ok),
    checks,
    cardJpeg,
    chipJpeg: chipOut.jpeg,
    chipQuality: chipOut.quality,
    crop,
    face,
    source: { width: r.width, height: r.height },
  };
}

/** The largest 35×45 box that frames the head at about 75 % of its height, inside the picture. */
function cropBox(r: Raster, face: FaceBox): { x: number; y: number; w: number; h: number } {
  let h: number;
  if (face.method === 'skin') {
    // The skin box runs from forehead to chin (plus some neck); hair adds about a fifth on top.
    const head = face.h * 1.2;
    h = head / 0.75;
  } else {
    h = r.height;
  }
  h = Math.min(h, r.height, r.width / ICAO_RATIO);
  const w = h * ICAO_RATIO;
  const cx = face.x + face.w / 2;
  const cy = face.method === 'skin' ? face.y + face.h / 2 - face.h * 0.1 : r.height / 2;
  const x = Math.min(Math.max(0, cx - w / 2), r.width - w);
  const y = Math.min(Math.max(0, cy - h * 0.5), r.height - h);
  return { x: Math.round(x), y: Math.round(y), w: Math.round(w), h: Math.round(h) };
}

function clampBox(b: { x: number; y: number; w: number; h: number }, r: Raster) {
  const x = Math.max(0, Math.min(r.width - 1, b.x));
  const y = Math.max(0, Math.min(r.height - 1, b.y));
  return { x, y, w: Math.max(1, Math.min(r.width - x, b.w)), h: Math.max(1, Math.min(r.height - y, b.h)) };
}

function draw(r: Raster, crop: { x: number; y: number; w: number; h: number }, w: number, h: number): Canvas {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(r.image, crop.x, crop.y, crop.w, crop.h, 0, 0, w, h);
  return c;
}
