import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse } from 'mrz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewRoutes } from '../../gateway/api/routes/preview.js';
import { produceCard } from '../../gateway/document/render/index.js';
import {
  loadDocumentSigner,
  readDataMatrix,
  verifySeal,
  type DocumentSigner,
} from '../../gateway/document/seal/index.js';
import { buildPluginTestApp } from '../helpers/api.js';
import { fixturesDir, person } from './card-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let app: FastifyInstance;
let signer: DocumentSigner;

beforeAll(async () => {
  signer = await loadDocumentSigner({ dataDir: makeTempDir('cardgate-preview-') });
  app = await buildPluginTestApp(previewRoutes, { produce: produceCard, signer });
});
afterAll(async () => app.close());

const { documentNumber: _n, dateOfIssue: _i, dateOfExpiry: _e, ...typed } = person('cyrillic');
const photo = readFileSync(join(fixturesDir, 'face.png')).toString('base64');

describe('POST /preview and /mrz', () => {
  it('renders both sides for an operator, with placeholders for the document fields', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/preview',
      headers: { 'x-test-role': 'operator' },
      payload: { person: typed, photo },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { front: string; back: string; mrz: string[]; warnings: string[] };
    expect(body.front.startsWith('data:image/png;base64,')).toBe(true);
    expect(parse(body.mrz).valid).toBe(true);
    expect(body.warnings.join(' ')).toContain('documentNumber');
    const back = Buffer.from(body.back.slice('data:image/png;base64,'.length), 'base64');
    const [seal] = await readDataMatrix(new Uint8Array(back));
    expect(verifySeal(seal!, signer.certificateDer).valid).toBe(true);
  }, 30_000);

  it('is for operators only', async () => {
    const tech = await app.inject({
      method: 'POST',
      url: '/api/v1/preview',
      headers: { 'x-test-role': 'technician' },
      payload: { person: typed, photo },
    });
    expect(tech.statusCode).toBe(403);
    const anon = await app.inject({ method: 'POST', url: '/api/v1/mrz', payload: { person: typed } });
    expect(anon.statusCode).toBe(401);
  });

  it('answers 400 with a code for a photo that is not a picture and for an untransliterable name', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/preview',
      headers: { 'x-test-role': 'operator' },
      payload: { person: typed, photo: Buffer.from('not a picture').toString('base64') },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'PHOTO_INVALID' });
    const mrz = await app.inject({
      method: 'POST',
      url: '/api/v1/mrz',
      headers: { 'x-test-role': 'operator' },
      payload: { person: { ...typed, surname: '王', latinSurname: undefined } },
    });
    expect(mrz.statusCode).toBe(400);
    expect(mrz.json()).toMatchObject({ code: 'MRZ_UNTRANSLITERABLE' });
  });

  it('returns the MRZ lines of a complete record', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/mrz',
      headers: { 'x-test-role': 'operator' },
      payload: { person: person('stateless-xxa') },
    });
    expect(res.statusCode).toBe(200);
    const { lines } = res.json() as { lines: string[] };
    expect(lines[1]!.slice(15, 18)).toBe('XXA');
    expect(parse(lines).valid).toBe(true);
  });
});
