import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse } from 'mrz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../gateway/core/audit-sink.js';
import { previewRoutes, type PreviewDeps } from '../../gateway/api/routes/preview.js';
import { produceCard } from '../../gateway/document/render/index.js';
import { loadTemplate } from '../../gateway/document/render/template.js';
import {
  decodeSeal,
  loadDocumentSigner,
  readDataMatrix,
  verifySeal,
  type DocumentSigner,
} from '../../gateway/document/seal/index.js';
import { buildPluginTestApp } from '../helpers/api.js';
import { runCli } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { fixturesDir, person, pngPixels } from './card-helpers.js';
import { readFileSync } from 'node:fs';

/** Issue 21.1 and 14.7: a preview is a specimen that shows what the real card will carry. */
const station = () => ({
  documentCode: 'IR',
  issuingState: 'ROU',
  validityDays: 180,
  today: '2026-11-30',
});
const dir = makeTempDir('cardgate-preview-');
let app: FastifyInstance;
let signer: DocumentSigner;
const audit: AuditEntryInput[] = [];

beforeAll(async () => {
  signer = await loadDocumentSigner({ dataDir: dir });
  app = await buildPluginTestApp(previewRoutes, {
    produce: produceCard,
    station,
    audit: { append: async (e: AuditEntryInput) => void audit.push(e) },
  });
});
afterAll(async () => app.close());

const {
  documentNumber: _n,
  dateOfIssue: _i,
  dateOfExpiry: _e,
  documentCode: _c,
  issuingState: _s,
  ...typed
} = person('cyrillic');
const photo = readFileSync(join(fixturesDir, 'face.png')).toString('base64');
const png = (dataUrl: string) => Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64');

type PreviewBody = { front: string; back: string; mrz: string[]; warnings: string[]; dateOfExpiry: string };
const preview = (a: FastifyInstance, p: Record<string, unknown>, role = 'operator') =>
  a.inject({
    method: 'POST',
    url: '/api/v1/preview',
    headers: { 'x-test-role': role },
    payload: { person: p, photo },
  });

describe('POST /preview is a specimen', () => {
  let forged: PreviewBody;

  beforeAll(async () => {
    // The forgery of issue 21.1: document fields chosen by the operator.
    const res = await preview(app, {
      ...typed,
      documentNumber: 'ZZ9999999',
      dateOfExpiry: '2099-12-31',
      dateOfIssue: '2026-01-01',
      documentCode: 'P',
      issuingState: 'USA',
    });
    expect(res.statusCode).toBe(200);
    forged = res.json() as PreviewBody;
  }, 60_000);

  it('ignores document fields in the request and shows what the station will print', () => {
    const mrz = parse(forged.mrz);
    expect(mrz.valid).toBe(true);
    expect(mrz.fields.documentCode).toBe('IR');
    expect(mrz.fields.issuingState).toBe('ROU');
    // The expiry the real card gets: 180 days from today (30.11.2026 → 29.05.2027), not 30.05.2027.
    expect(mrz.fields.expirationDate).toBe('270529');
    expect(forged.dateOfExpiry).toBe('2027-05-29');
    expect(forged.mrz.join('')).not.toContain('ZZ9999999');
    expect(forged.mrz.join('')).not.toContain('991231');
    // No field names in what the operator reads.
    expect(forged.warnings.join(' ')).not.toMatch(/documentCode|issuingState|dateOfExpiry|placeholder/);
  });

  it('seals with a specimen key: the seal never verifies against the document signer', async () => {
    const [seal] = await readDataMatrix(new Uint8Array(png(forged.back)));
    expect(seal, 'the specimen seal is still readable').toBeDefined();
    expect(decodeSeal(seal!).header.signerId).toBe('SPEC');
    const verdict = verifySeal(seal!, signer.certificateDer);
    expect(verdict.valid).toBe(false);
  });

  it('cardgate seal verify says not valid against the document signer', async () => {
    const image = join(dir, 'preview-back.png');
    writeFileSync(image, png(forged.back));
    const r = await runCli([
      'seal',
      'verify',
      '--image',
      image,
      '--cert',
      join(dir, 'pki', 'document-signer.crt'),
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false });
  }, 60_000);

  it('marks both sides SPECIMEN in red across the card, the seal left readable', async () => {
    // The same card without the mark: what differs is the mark, and it is red.
    const plain = await produceCard(
      {
        person: {
          ...typed,
          documentCode: 'IR',
          issuingState: 'ROU',
          documentNumber: 'SPECIMEN0',
          dateOfIssue: '2026-11-30',
          dateOfExpiry: '2027-05-29',
        },
        photoJpeg: new Uint8Array(Buffer.from(photo, 'base64')),
      },
      { signer },
    );
    const s = loadTemplate().seal;
    for (const side of ['front', 'back'] as const) {
      const a = pngPixels(png(forged[side]));
      const b = pngPixels(plain.previews[side]);
      let changed = 0;
      let redder = 0;
      for (let y = 0; y < a.height; y++)
        for (let x = 0; x < a.width; x++) {
          if (side === s.side && x >= s.x - 8 && x < s.x + s.size + 8 && y >= s.y - 8 && y < s.y + s.size + 8)
            continue;
          const i = (y * a.width + x) * 4;
          const d =
            Math.abs(a.data[i]! - b.data[i]!) +
            Math.abs(a.data[i + 1]! - b.data[i + 1]!) +
            Math.abs(a.data[i + 2]! - b.data[i + 2]!);
          if (d < 40) continue;
          changed++;
          const red = (p: Uint8ClampedArray) => p[i]! - (p[i + 1]! + p[i + 2]!) / 2;
          if (red(a.data) > red(b.data)) redder++;
        }
      // The word covers a visible share of the card, and it is the red that differs.
      expect(changed / (a.width * a.height), side).toBeGreaterThan(0.03);
      expect(redder / changed, side).toBeGreaterThan(0.9);
    }
  }, 60_000);

  it('records who asked and when, without personal data', () => {
    const entry = audit.find((e) => e.action === 'preview.render' && e.outcome === 'ok');
    expect(entry).toMatchObject({ actor: 'test-operator' });
    const text = JSON.stringify(audit);
    for (const v of [typed.surname, typed.givenNames, typed.dateOfBirth]) expect(text).not.toContain(v);
  });
});

describe('POST /preview access and refusals', () => {
  it('is for operators only', async () => {
    expect((await preview(app, typed, 'technician')).statusCode).toBe(403);
    const anon = await app.inject({ method: 'POST', url: '/api/v1/mrz', payload: { person: typed } });
    expect(anon.statusCode).toBe(401);
  });

  it('refuses a photo that is not a picture and a person the card cannot carry', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/preview',
      headers: { 'x-test-role': 'operator' },
      payload: { person: typed, photo: Buffer.from('not a picture').toString('base64') },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'PHOTO_INVALID' });
    const name = await preview(app, { ...typed, surname: 'Sh3vch<nko' });
    expect(name.statusCode).toBe(422);
    expect(name.json()).toMatchObject({ errors: [{ field: 'surname', code: 'MRZ_UNTRANSLITERABLE' }] });
  });
});

/** A stand-in renderer that waits until released: concurrency and limits without real renders. */
function heldProduce() {
  let active = 0;
  let maxActive = 0;
  let calls = 0;
  let open = false;
  const held: Array<() => void> = [];
  const produce: PreviewDeps['produce'] = async () => {
    calls++;
    active++;
    maxActive = Math.max(maxActive, active);
    if (!open) await new Promise<void>((r) => held.push(r));
    // A render takes a turn of the event loop even when not held.
    await new Promise((r) => setImmediate(r));
    active--;
    return { previews: { front: Buffer.from('f'), back: Buffer.from('b') }, mrz: ['a', 'b', 'c'] };
  };
  return {
    produce,
    /** Lets every held render finish and the next ones run through. */
    open: () => {
      open = true;
      held.splice(0).forEach((r) => r());
    },
    stats: () => ({ calls, maxActive, held: held.length }),
  };
}

describe('POST /preview is rate-limited and bounded', () => {
  it('lets one user make only so many previews a minute, then 429 with when to retry', async () => {
    let now = Date.parse('2026-11-30T10:00:00Z');
    const records: AuditEntryInput[] = [];
    const a = await buildPluginTestApp(previewRoutes, {
      produce: async () => ({ previews: { front: Buffer.from('f'), back: Buffer.from('b') }, mrz: [] }),
      station,
      audit: { append: async (e: AuditEntryInput) => void records.push(e) },
      limits: { perUserPerMinute: 3 },
      now: () => now,
      specimenSigner: async () => signer,
    });
    for (let i = 0; i < 3; i++) expect((await preview(a, typed)).statusCode).toBe(200);
    const limited = await preview(a, typed);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'PREVIEW_RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(records.at(-1)).toMatchObject({
      actor: 'test-operator',
      outcome: 'denied',
      details: { code: 'PREVIEW_RATE_LIMITED' },
    });
    now += 61_000;
    expect((await preview(a, typed)).statusCode).toBe(200);
    await a.close();
  });

  it('renders at most two at once and turns away what would queue beyond the bound', async () => {
    const held = heldProduce();
    const a = await buildPluginTestApp(previewRoutes, {
      produce: held.produce,
      station,
      limits: { perUserPerMinute: 1000, concurrent: 2, queued: 8 },
      specimenSigner: async () => signer,
    });
    const pending = Array.from({ length: 11 }, () => preview(a, typed));
    // With two renders held and eight waiting, the eleventh is the only answer that can come.
    const first = await Promise.race(pending);
    expect(first.statusCode).toBe(503);
    expect(first.json()).toMatchObject({ code: 'PREVIEW_BUSY' });
    expect(held.stats()).toMatchObject({ calls: 2, held: 2 });
    held.open();
    const codes = (await Promise.all(pending)).map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(10);
    expect(held.stats().maxActive).toBe(2);
    await a.close();
  });
});

describe('POST /mrz applies the same rules', () => {
  const mrz = (p: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/mrz',
      headers: { 'x-test-role': 'operator' },
      payload: { person: p },
    });

  it('returns the MRZ of a complete record', async () => {
    const res = await mrz(person('stateless-xxa'));
    expect(res.statusCode).toBe(200);
    const { lines } = res.json() as { lines: string[] };
    expect(lines[1]!.slice(15, 18)).toBe('XXA');
    expect(parse(lines).valid).toBe(true);
  });

  it('fills the station’s document fields, as the card will have them', async () => {
    const { lines } = (await mrz(typed)).json() as { lines: string[] };
    const m = parse(lines);
    expect(m.fields).toMatchObject({ documentCode: 'IR', issuingState: 'ROU', expirationDate: '270529' });
  });

  it('refuses an expiry before the issue, beyond the validity, an unknown nationality, an untransliterable name', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ dateOfIssue: '2026-11-30', dateOfExpiry: '2026-01-01' }, 'dateOfExpiry', 'DATE_ORDER'],
      [{ dateOfIssue: '2026-11-30', dateOfExpiry: '2099-12-31' }, 'dateOfExpiry', 'EXPIRY_BEYOND_VALIDITY'],
      [{ dateOfIssue: '2026-11-31', dateOfExpiry: '2027-01-01' }, 'dateOfIssue', 'DATE_IMPOSSIBLE'],
      [{ nationality: 'ZZZ' }, 'nationality', 'NATIONALITY_UNKNOWN'],
      [{ surname: '王', latinSurname: undefined }, 'surname', 'MRZ_UNTRANSLITERABLE'],
      [{ surname: 'RTLTEST\u202EUCSE' }, 'surname', 'TEXT_CONTROL_CHARACTER'],
    ];
    for (const [over, field, code] of cases) {
      const res = await mrz({ ...typed, ...over });
      expect(res.statusCode, code).toBe(422);
      expect(res.json(), code).toMatchObject({
        code: 'FIELDS_INVALID',
        errors: expect.arrayContaining([{ field, code }]),
      });
    }
  });
});
