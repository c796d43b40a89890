/** Mean of a grey image. */
export function meanLuma(gray: Float32Array): number {
  let s = 0;
  for (const v of gray) s += v;
  return gray.length ? s / gray.length : 0;
}

/**
 * Variance of the 4-neighbour Laplacian: a sharp picture has strong local second derivatives,
 * a blurred one has almost none. Measured on a fixed-size sample so it does not depend on the
 * camera's resolution.
 */
export function laplacianVariance(gray: Float32Array, width: number, height: number): number {
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const l = gray[i - 1]! + gray[i + 1]! + gray[i - width]! + gray[i + width]! - 4 * gray[i]!;
      sum += l;
      sumSq += l * l;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

export interface FaceBox {
  /** Box in source pixels. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Share of sampled pixels that looked like skin. */
  skinShare: number;
  method: 'skin' | 'contrast' | 'none';
}

/**
 * Where the face probably is: the centroid and spread of skin-coloured pixels (YCbCr ranges
 * that hold across skin tones), or, if too little skin shows, of strong local contrast. A
 * heuristic for telling the operator "move to the centre", not a face detector.
 */
export function findFace(
  rgba: Uint8ClampedArray,
  gray: Float32Array,
  width: number,
  height: number,
  toSource: number,
): FaceBox {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  const add = (x: number, y: number, w = 1): void => {
    n += w;
    sx += w * x;
    sy += w * y;
    sxx += w * x * x;
    syy += w * y * y;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const r = rgba[p]!;
      const g = rgba[p + 1]!;
      const b = rgba[p + 2]!;
      const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
      const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
      if (cb >= 77 && cb <= 127 && cr >= 133 && cr <= 173 && r > 60) add(x, y);
    }
  }
  const skinShare = n / (width * height);
  let method: FaceBox['method'] = 'skin';
  if (skinShare < 0.02) {
    n = sx = sy = sxx = syy = 0;
    method = 'contrast';
    for (let y = 1; y < height - 1; y++) {
      for (let x = 1; x < width - 1; x++) {
        const i = y * width + x;
        const g = Math.abs(gray[i + 1]! - gray[i - 1]!) + Math.abs(gray[i + width]! - gray[i - width]!);
        if (g > 40) add(x, y, g);
      }
    }
    if (n === 0) return { x: 0, y: 0, w: width * toSource, h: height * toSource, skinShare, method: 'none' };
  }
  const cx = sx / n;
  const cy = sy / n;
  const sdx = Math.sqrt(Math.max(0, sxx / n - cx * cx));
  const sdy = Math.sqrt(Math.max(0, syy / n - cy * cy));
  // For a uniformly filled ellipse the spread is a quarter of its width: ±2 SD covers it.
  const w = 4 * sdx;
  const h = 4 * sdy;
  return {
    x: (cx - w / 2) * toSource,
    y: (cy - h / 2) * toSource,
    w: w * toSource,
    h: h * toSource,
    skinShare,
    method,
  };
}
