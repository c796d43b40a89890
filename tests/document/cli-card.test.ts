import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'mrz';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/processes.js';
import { fixturesDir } from './card-helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('cardgate render, seal decode, seal verify', () => {
  const dir = makeTempDir('cardgate-cli-card-');
  const out = join(dir, 'out');
  const dataDir = join(dir, 'data');
  let sealHex = '';
  let mrz: string[] = [];

  it('render writes the sides and panels and prints the MRZ and the seal', async () => {
    const r = await runCli([
      'render',
      '--person',
      join(fixturesDir, 'persons', 'unknown-birth-date.json'),
      '--photo',
      join(fixturesDir, 'face.jpg'),
      '--out',
      out,
      '--data-dir',
      dataDir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { mrz: string[]; sealHex: string };
    for (const f of [
      'front.png',
      'back.png',
      'front-rgb.png',
      'front-k.png',
      'front-overlay.png',
      'back-k.png',
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(parse(json.mrz).valid).toBe(true);
    expect(json.sealHex).toMatch(/^DC0[23][0-9A-F]+$/);
    sealHex = json.sealHex;
    mrz = json.mrz;
  }, 40_000);

  it('seal decode prints the header and the MRZ feature as text', async () => {
    const r = await runCli(['seal', 'decode', sealHex]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as {
      header: { issuingState: string; issueDate: string };
      features: Array<{ name: string; value: unknown }>;
    };
    expect(d.header.issuingState).toBe('ROU');
    expect(d.header.issueDate).toBe('2026-11-28');
    expect(d.features.find((f) => f.name === 'mrz')?.value).toEqual(mrz);
    const bad = await runCli(['seal', 'decode', 'DC02ZZ']);
    expect(bad.code).toBe(2);
  }, 40_000);

  it('seal verify exits 0 for the rendered card and its signer, 1 with another certificate', async () => {
    const ok = await runCli([
      'seal',
      'verify',
      '--image',
      join(out, 'back.png'),
      '--cert',
      join(dataDir, 'pki', 'document-signer.crt'),
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true });
    const wrong = await runCli([
      'seal',
      'verify',
      '--image',
      join(out, 'back.png'),
      '--cert',
      join(dataDir, 'pki', 'csca.crt'),
    ]);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ valid: false });
    const none = await runCli([
      'seal',
      'verify',
      '--image',
      join(fixturesDir, 'face.png'),
      '--cert',
      join(dataDir, 'pki', 'document-signer.crt'),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('SEAL_NOT_FOUND');
  }, 60_000);

  it('names a file it cannot read and exits 2 (render and seal verify alike)', async () => {
    const missing = join(dir, 'no-such-photo.jpg');
    const render = await runCli([
      'render',
      '--person',
      join(fixturesDir, 'persons', 'arabic.json'),
      '--photo',
      missing,
      '--out',
      join(dir, 'out-missing'),
      '--data-dir',
      dataDir,
    ]);
    expect(render.code).toBe(2);
    expect(render.stderr).toContain(`FILE_UNREADABLE: cannot read ${missing}`);
    const verify = await runCli(['seal', 'verify', '--image', missing, '--cert', missing]);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toContain(`FILE_UNREADABLE: cannot read ${missing}`);
  }, 60_000);
});
