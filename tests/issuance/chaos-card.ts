/**
 * A card image and chip content built without the document renderer, for workflow tests that
 * run against the real device emulators: full-size planes so the printer driver streams real
 * panels, and a DG1 carrying the document number as the MRZ does.
 */
import { CARD_HEIGHT, CARD_WIDTH, type CardSideImage } from '../../drivers/printer/interface.js';
import type { ProduceCard } from '../../gateway/issuance/deps.js';

function side(seed: number): CardSideImage {
  const n = CARD_WIDTH * CARD_HEIGHT;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < rgb.length; i += 3) {
    rgb[i] = (i / 3) % 256;
    rgb[i + 1] = seed & 0xff;
    rgb[i + 2] = 200;
  }
  const k = new Uint8Array(n);
  for (let y = 500; y < 600; y++) for (let x = 40; x < 980; x += 3) k[y * CARD_WIDTH + x] = 1;
  const overlay = new Uint8Array(n).fill(1);
  return { width: CARD_WIDTH, height: CARD_HEIGHT, rgb, k, overlay };
}

const front = side(1);
const back = side(2);

export const chaosProduceCard: ProduceCard = ({ person, photoJpeg }) => ({
  image: process.env.CHAOS_BACK === '0' ? { front } : { front, back },
  chip: {
    dg1: Buffer.from(`${person.documentCode}${person.issuingState}${person.documentNumber}<<<<`, 'latin1'),
    dg2: photoJpeg.subarray(0, Math.min(photoJpeg.length, 8000)),
    documentData: Buffer.from(
      JSON.stringify({ n: person.documentNumber, i: person.dateOfIssue, e: person.dateOfExpiry }),
    ),
  },
});
