import { Image } from '@napi-rs/canvas';
import { CardgateError } from '../../core/errors.js';

/** ICAO portrait proportions (35 × 45 mm). */
export const ICAO_ASPECT = 35 / 45;

export function decodePhoto(bytes: Uint8Array): Image {
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  if (!isJpeg && !isPng)
    throw new CardgateError('PHOTO_INVALID', 'the photo must be a JPEG or PNG', { status: 400 });
  const img = new Image();
  try {
    img.src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (e) {
    throw new CardgateError('PHOTO_INVALID', 'the photo cannot be decoded', { status: 400, cause: e });
  }
  if (!img.width || !img.height)
    throw new CardgateError('PHOTO_INVALID', 'the photo cannot be decoded', { status: 400 });
  return img;
}

export interface Crop {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
}

/**
 * The source rectangle at ICAO proportions: the largest 35:45 rectangle that fits, narrowed by
 * `zoom` around (centerX, centerY) and kept inside the picture.
 */
export function icaoCrop(
  width: number,
  height: number,
  zoom: number,
  centerX: number,
  centerY: number,
): Crop {
  let sh = height;
  let sw = sh * ICAO_ASPECT;
  if (sw > width) {
    sw = width;
    sh = sw / ICAO_ASPECT;
  }
  const z = Math.max(1, zoom);
  sw /= z;
  sh /= z;
  const sx = Math.min(Math.max(0, centerX * width - sw / 2), width - sw);
  const sy = Math.min(Math.max(0, centerY * height - sh / 2), height - sh);
  return { sx, sy, sw, sh };
}

/**
 * The approved portrait as it is: a 35:45 picture whole, anything else cut to 35:45 around its
 * centre. The crop around the face is made once, at capture, where the operator sees it.
 */
export function fitCrop(width: number, height: number): Crop {
  return icaoCrop(width, height, 1, 0.5, 0.5);
}
