export type PhotoCheckCode = 'TOO_DARK' | 'TOO_BRIGHT' | 'BLURRED' | 'TOO_SMALL' | 'OFF_CENTRE' | 'NO_FACE';

export interface PhotoCheck {
  code: PhotoCheckCode;
  ok: boolean;
  /** What was measured, and the limit it was held against (for the technician). */
  value: number;
  limit: string;
  /** What the operator should do, in plain words. */
  message: string;
}

export interface PhotoThresholds {
  /** Mean luma (0–255) of the face region. */
  minLuma: number;
  maxLuma: number;
  /** Variance of the Laplacian on a 200 px sample of the face region. */
  minSharpness: number;
  /** Width in camera pixels of the 35×45 crop; below it the card photo is upscaled too far. */
  minCropWidth: number;
  /** Horizontal distance of the face centre from the picture centre, as a share of the width. */
  maxOffCentre: number;
}

export const defaultThresholds: PhotoThresholds = {
  minLuma: 70,
  maxLuma: 215,
  minSharpness: 40,
  minCropWidth: 240,
  maxOffCentre: 0.12,
};

export interface Measured {
  luma: number;
  sharpness: number;
  cropWidth: number;
  offCentreX: number;
  offCentreY: number;
  faceFound: boolean;
}

const r1 = (v: number): number => Math.round(v * 10) / 10;

export function runChecks(m: Measured, t: PhotoThresholds): PhotoCheck[] {
  return [
    {
      code: 'NO_FACE',
      ok: m.faceFound,
      value: m.faceFound ? 1 : 0,
      limit: 'a face-coloured area',
      message: 'No face found: the person should face the camera, without hat or mask.',
    },
    {
      code: 'TOO_DARK',
      ok: m.luma >= t.minLuma,
      value: r1(m.luma),
      limit: `>= ${t.minLuma}`,
      message: 'The face is too dark: turn on the front light or move the person away from the window.',
    },
    {
      code: 'TOO_BRIGHT',
      ok: m.luma <= t.maxLuma,
      value: r1(m.luma),
      limit: `<= ${t.maxLuma}`,
      message: 'The face is too bright: dim the light or close the blinds behind the camera.',
    },
    {
      code: 'BLURRED',
      ok: m.sharpness >= t.minSharpness,
      value: r1(m.sharpness),
      limit: `>= ${t.minSharpness}`,
      message:
        'The photo is blurred: ask the person to keep still, check the camera focus, and take it again.',
    },
    {
      code: 'TOO_SMALL',
      ok: m.cropWidth >= t.minCropWidth,
      value: Math.round(m.cropWidth),
      limit: `>= ${t.minCropWidth} px`,
      message:
        'The face is too small or the camera resolution too low: move the person closer to the camera.',
    },
    {
      code: 'OFF_CENTRE',
      ok: Math.abs(m.offCentreX) <= t.maxOffCentre && Math.abs(m.offCentreY) <= 0.25,
      value: r1(Math.max(Math.abs(m.offCentreX), Math.abs(m.offCentreY)) * 100),
      limit: `<= ${t.maxOffCentre * 100} % sideways`,
      message:
        m.offCentreX < -t.maxOffCentre
          ? 'The face is off-centre: the person should move to their left (towards the right of the picture).'
          : m.offCentreX > t.maxOffCentre
            ? 'The face is off-centre: the person should move to their right (towards the left of the picture).'
            : 'The face is too high or too low: adjust the camera height or the seat.',
    },
  ];
}

/**
 * A young child (under six) cannot be asked to sit still, face squarely or hold a neutral
 * expression: ICAO 9303-3 and the EU photo guidance accept such portraits. The checks that an
 * operator cannot fix with a small child are loosened; light and size stay as strict.
 */
export function youngChildThresholds(t: PhotoThresholds): PhotoThresholds {
  return {
    ...t,
    minSharpness: Math.round(t.minSharpness * 0.6),
    maxOffCentre: Math.max(t.maxOffCentre, 0.2),
  };
}
