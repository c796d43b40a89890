import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeTd1 } from '../../gateway/document/mrz/index.js';
import { composePanels } from '../../gateway/document/render/panels.js';
import { decodePhoto } from '../../gateway/document/render/photo.js';
import { mrzZone, renderSideLayers, type SideName } from '../../gateway/document/render/side.js';
import { registerTemplateFonts } from '../../gateway/document/render/fonts.js';
import { rgbaToRgb } from '../../gateway/document/render/rgb.js';
import { loadTemplate } from '../../gateway/document/render/template.js';
import { makeDocumentSeal } from '../../gateway/document/seal/document-seal.js';
import { loadDocumentSigner, type DocumentSigner } from '../../gateway/document/seal/signer.js';
import type { PersonRecord } from '../../gateway/document/person.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { faceJpeg, fixturesDir, person } from './card-helpers.js';

/**
 * The colour panels are read back from the canvas only where something was drawn over the
 * artwork. Their bytes must equal those of reading back the whole frame (the slow way), for
 * every fixture person and both sides: nothing may be drawn outside a declared region.
 */
type DocumentField = 'documentCode' | 'issuingState' | 'documentNumber' | 'dateOfIssue' | 'dateOfExpiry';

const names = readdirSync(join(fixturesDir, 'persons')).map((f) => f.replace(/\.json$/, ''));

describe('colour panels read back by region', () => {
  let signer: DocumentSigner;
  beforeAll(async () => {
    signer = await loadDocumentSigner({ dataDir: makeTempDir('cardgate-regions-') });
  });

  it.each(names)('%s: equal to a whole-frame read back, both sides', async (name) => {
    const template = loadTemplate();
    registerTemplateFonts(template);
    const p = person(name) as Required<Pick<PersonRecord, DocumentField>> & PersonRecord;
    const mrz = composeTd1(p);
    const seal = await makeDocumentSeal(p, mrz, signer, { signatureDate: '2026-11-28' });
    const data = { person: p, photo: decodePhoto(faceJpeg()), mrz, seal, warnings: [] };
    const { width, height } = template;
    const n = width * height;
    for (const side of ['front', 'back'] as SideName[]) {
      const layers = renderSideLayers(template, side, data);
      const full = layers.colour.getContext('2d').getImageData(0, 0, width, height).data;
      const expected = new Uint8Array(n * 3);
      rgbaToRgb(new Uint32Array(full.buffer, full.byteOffset, n), expected, n);
      const { image } = composePanels(layers, width, height);
      // Where the panels leave the colour white on purpose, found without the output under
      // test: resin black where the whole k frame has ink (alpha ≥ 128), the template's seal
      // box, MRZ zone and chip window.
      const kFull = layers.k.getContext('2d').getImageData(0, 0, width, height).data;
      const white = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (kFull[i * 4 + 3]! >= 128) white[i] = 1;
      const rect = (r: { x: number; y: number; width: number; height: number }) => {
        for (let y = Math.max(0, Math.floor(r.y)); y < Math.min(height, Math.ceil(r.y + r.height)); y++)
          for (let x = Math.max(0, Math.floor(r.x)); x < Math.min(width, Math.ceil(r.x + r.width)); x++)
            white[y * width + x] = 1;
      };
      const s = template.seal;
      if (s.side === side) rect({ x: s.x, y: s.y, width: s.size, height: s.size });
      if (template.mrz.side === side) rect(mrzZone(template));
      if (template.chip.side === side) rect(template.chip);
      for (let i = 0; i < n; i++)
        if (white[i]) expected[i * 3] = expected[i * 3 + 1] = expected[i * 3 + 2] = 255;
      let differing = 0;
      for (let i = 0; i < n * 3; i++) if (image.rgb[i] !== expected[i]) differing++;
      expect(differing, `${name} ${side}: bytes that differ from a whole-frame read back`).toBe(0);
      expect(layers.colourRegions.length, side).toBeGreaterThan(0);
    }
  });
});
