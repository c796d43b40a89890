import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage, type SKRSContext2D } from '@napi-rs/canvas';
import { projectRoot } from '../helpers/processes.js';
import { processPhoto, ICAO_RATIO } from '../../gateway/photo/index.js';
import { jpegInfo } from '../../drivers/camera/jpeg-info.js';

const facePath = join(projectRoot, 'tests/fixtures/face.jpg');

/** The reference portrait (engineer D's fixture), or a drawn one when it is absent. */
async function portrait(): Promise<Buffer> {
  if (existsSync(facePath)) return readFileSync(facePath);
  const c = createCanvas(640, 480);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#eeeff1';
  ctx.fillRect(0, 0, 640, 480);
  ctx.fillStyle = '#2d1f17';
  ctx.beginPath();
  ctx.ellipse(320, 200, 112, 130, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#d8a886';
  ctx.beginPath();
  ctx.ellipse(320, 225, 95, 120, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#2b1d14';
  for (const x of [282, 358]) ctx.fillRect(x - 20, 180, 40, 6);
  for (const x of [282, 358]) ctx.fillRect(x - 8, 200, 16, 12);
  ctx.fillStyle = '#8a4a44';
  ctx.fillRect(290, 290, 60, 5);
  ctx.fillStyle = '#34506f';
  ctx.beginPath();
  ctx.ellipse(320, 520, 210, 150, 0, 0, Math.PI * 2);
  ctx.fill();
  return c.toBuffer('image/jpeg', 92);
}

async function variant(
  w: number,
  h: number,
  paint: (ctx: SKRSContext2D, img: Awaited<ReturnType<typeof loadImage>>) => void,
) {
  const img = await loadImage(await portrait());
  const c = createCanvas(w, h);
  paint(c.getContext('2d'), img);
  return c.toBuffer('image/jpeg', 90);
}

const failed = (checks: { code: string; ok: boolean }[]): string[] =>
  checks.filter((c) => !c.ok).map((c) => c.code);

describe('photo processing for the card and the chip', () => {
  it('passes a good portrait and crops it at 35×45 around the face', async () => {
    const photo = await processPhoto(await portrait());
    expect(failed(photo.checks)).toEqual([]);
    expect(photo.ok).toBe(true);
    expect(photo.crop.w / photo.crop.h).toBeCloseTo(ICAO_RATIO, 2);
    // The face sits in the middle third of the crop, sideways.
    const faceCentre = photo.face.x + photo.face.w / 2;
    expect(Math.abs(faceCentre - (photo.crop.x + photo.crop.w / 2))).toBeLessThan(photo.crop.w / 6);
    expect(jpegInfo(photo.cardJpeg)).toEqual({ width: 413, height: 531 });
    expect(jpegInfo(photo.chipJpeg)).toEqual({ width: 240, height: 309 });
  });

  it('flags a dark picture', async () => {
    const dark = await variant(640, 480, (ctx, img) => {
      ctx.drawImage(img, 0, 0);
      ctx.fillStyle = 'rgba(0,0,0,0.75)';
      ctx.fillRect(0, 0, 640, 480);
    });
    const photo = await processPhoto(dark);
    expect(failed(photo.checks)).toContain('TOO_DARK');
    expect(photo.ok).toBe(false);
    expect(photo.checks.find((c) => c.code === 'TOO_DARK')?.message).toMatch(/too dark/);
  });

  it('flags an over-exposed picture', async () => {
    const bright = await variant(640, 480, (ctx, img) => {
      ctx.drawImage(img, 0, 0);
      ctx.fillStyle = 'rgba(255,255,255,0.7)';
      ctx.fillRect(0, 0, 640, 480);
    });
    expect(failed((await processPhoto(bright)).checks)).toEqual(['TOO_BRIGHT']);
  });

  it('flags a blurred picture and only that', async () => {
    const blurred = await variant(640, 480, (ctx, img) => {
      ctx.filter = 'blur(6px)';
      ctx.drawImage(img, 0, 0);
    });
    expect(failed((await processPhoto(blurred)).checks)).toEqual(['BLURRED']);
  });

  it('flags a picture too small for the card', async () => {
    const small = await variant(160, 120, (ctx, img) => ctx.drawImage(img, 0, 0, 160, 120));
    expect(failed((await processPhoto(small)).checks)).toEqual(['TOO_SMALL']);
  });

  it('flags an off-centre face and says which way to move', async () => {
    const off = await variant(640, 480, (ctx, img) => {
      ctx.fillStyle = '#eeeff1';
      ctx.fillRect(0, 0, 640, 480);
      ctx.drawImage(img, 170, 0);
    });
    const photo = await processPhoto(off);
    expect(failed(photo.checks)).toEqual(['OFF_CENTRE']);
    expect(photo.checks.find((c) => c.code === 'OFF_CENTRE')?.message).toMatch(/move/);
  });

  it('fits the chip JPEG into a tight budget by lowering the quality', async () => {
    const roomy = await processPhoto(await portrait(), { chipMaxBytes: 100_000 });
    const tight = await processPhoto(await portrait(), { chipMaxBytes: 4000 });
    expect(roomy.chipQuality).toBe(90);
    expect(tight.chipJpeg.length).toBeLessThanOrEqual(4000);
    expect(tight.chipQuality).toBeLessThan(90);
    await expect(processPhoto(await portrait(), { chipMaxBytes: 300 })).rejects.toMatchObject({
      code: 'PHOTO_BUDGET',
    });
  });

  it('refuses bytes that are not a picture with a typed error', async () => {
    await expect(processPhoto(Buffer.from('not a picture'))).rejects.toMatchObject({ code: 'PHOTO_FORMAT' });
    const truncated = (await portrait()).subarray(0, 200);
    await expect(processPhoto(truncated)).rejects.toMatchObject({ code: 'PHOTO_UNREADABLE' });
  });
});
