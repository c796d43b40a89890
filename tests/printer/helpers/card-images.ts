import { createCanvas } from '@napi-rs/canvas';
import { CARD_HEIGHT, CARD_WIDTH, type CardSideImage } from '../../../drivers/printer/interface.js';

/**
 * Test card sides until the document renderer lands: colour gradients and a photo-like blob in
 * RGB, text and a rule on the k mask, overlay everywhere but a chip window.
 */
export function testCardSide(label = 'CARDGATE TEST', seed = 1): CardSideImage {
  const canvas = createCanvas(CARD_WIDTH, CARD_HEIGHT);
  const ctx = canvas.getContext('2d');
  const g = ctx.createLinearGradient(0, 0, CARD_WIDTH, CARD_HEIGHT);
  g.addColorStop(0, '#e8f0ff');
  g.addColorStop(0.5, `hsl(${(seed * 47) % 360}, 70%, 60%)`);
  g.addColorStop(1, '#ffe0c0');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, CARD_WIDTH, CARD_HEIGHT);
  const r = ctx.createRadialGradient(200, 330, 10, 200, 330, 170);
  r.addColorStop(0, '#c08060');
  r.addColorStop(1, '#305070');
  ctx.fillStyle = r;
  ctx.fillRect(60, 120, 280, 380);
  const rgb = new Uint8Array(CARD_WIDTH * CARD_HEIGHT * 3);
  const data = ctx.getImageData(0, 0, CARD_WIDTH, CARD_HEIGHT).data;
  for (let i = 0, o = 0; i < data.length; i += 4, o += 3) {
    rgb[o] = data[i]!;
    rgb[o + 1] = data[i + 1]!;
    rgb[o + 2] = data[i + 2]!;
  }
  const kc = createCanvas(CARD_WIDTH, CARD_HEIGHT);
  const kx = kc.getContext('2d');
  kx.fillStyle = '#000';
  kx.font = 'bold 48px sans-serif';
  kx.fillText(label, 380, 120);
  kx.font = '32px monospace';
  kx.fillText('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 40, 600);
  kx.fillRect(380, 140, 560, 6);
  const kd = kx.getImageData(0, 0, CARD_WIDTH, CARD_HEIGHT).data;
  const k = new Uint8Array(CARD_WIDTH * CARD_HEIGHT);
  for (let i = 0; i < k.length; i++) k[i] = kd[i * 4 + 3]! >= 128 ? 1 : 0;
  const overlay = new Uint8Array(CARD_WIDTH * CARD_HEIGHT).fill(1);
  for (let y = 250; y < 350; y++) for (let x = 400; x < 520; x++) overlay[y * CARD_WIDTH + x] = 0;
  return { width: CARD_WIDTH, height: CARD_HEIGHT, rgb, k, overlay };
}
