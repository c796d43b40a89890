import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJob } from '../../drivers/printer/evolis/job-decoder.js';
import { CommandStreamParser } from '../../drivers/printer/evolis/command-stream.js';
import { projectRoot, runCli } from '../helpers/processes.js';

const dir = join(projectRoot, '..', 'shared', 'conformance', 'evolis-windows-driver');
const files = readdirSync(dir).filter((f) => !f.endsWith('.md'));
const ORDER = ['Pr', 'Pmi', 'Pc', 'Pdt', 'Mr', 'Ppws', 'Ss', 'Sr', 'Dbc', 'Se'];

describe('captured jobs of the vendor Windows driver', () => {
  it('holds the eight streams the README lists', () => {
    expect(files.sort()).toEqual([
      'card-black',
      'card-black-fit',
      'card-gradient',
      'card-gradient-fit',
      'card-white',
      'card-white-fit',
      'evolis-card-curves',
      'evolis-card-text',
    ]);
  });

  for (const file of files) {
    it(`${file}: one front side, one 1-bit k panel of 648 × 1016, every byte explained`, () => {
      const bytes = readFileSync(join(dir, file));
      const job = decodeJob(bytes);
      expect(job.commands).toEqual(ORDER);
      expect(job.problems).toEqual([]);
      expect(job.unexplainedBytes).toBe(0);
      expect(job.paddingBytes).toBeGreaterThan(0);
      expect(job.sides).toHaveLength(1);
      const [side] = job.sides;
      expect(side!.side).toBe('front');
      expect(side!.panels).toHaveLength(1);
      const k = side!.panels[0]!;
      expect({ panel: k.panel, levels: k.levels, width: k.width, height: k.height }).toEqual({
        panel: 'k',
        levels: 2,
        width: 648,
        height: 1016,
      });
      const ratio = k.inkDots / (648 * 1016);
      if (file.startsWith('card-white')) expect(ratio).toBeLessThan(0.02);
      if (file.startsWith('card-black')) expect(ratio).toBeGreaterThan(0.95);
      if (file.includes('gradient')) expect(ratio).toBeGreaterThan(0.3);
      if (file.includes('gradient')) expect(ratio).toBeLessThan(0.9);
    });
  }

  it('splits the same commands however the stream is cut into chunks', () => {
    const bytes = readFileSync(join(dir, 'evolis-card-text'));
    const whole = new CommandStreamParser().push(bytes).commands;
    for (const size of [1, 7, 13, 4096]) {
      const p = new CommandStreamParser();
      const got = [];
      for (let i = 0; i < bytes.length; i += size) got.push(...p.push(bytes.subarray(i, i + size)).commands);
      expect(got.map((c) => [c.name, c.params.join(';'), c.data?.length ?? 0])).toEqual(
        whole.map((c) => [c.name, c.params.join(';'), c.data?.length ?? 0]),
      );
      expect(p.pending).toBe(0);
    }
  });

  it('`cardgate printer-emulator decode FILE` prints the JSON summary for every file', async () => {
    // Two at a time: eight CLI processes at once starve everything else on a 2-core machine.
    const results: ({ f: string } & Awaited<ReturnType<typeof runCli>>)[] = [];
    for (let i = 0; i < files.length; i += 2) {
      results.push(
        ...(await Promise.all(
          files
            .slice(i, i + 2)
            .map((f) => runCli(['printer-emulator', 'decode', join(dir, f)]).then((r) => ({ f, ...r }))),
        )),
      );
    }
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as {
        commands: string[];
        sides: {
          side: string;
          panels: { panel: string; levels: number; width: number; height: number; inkDots: number }[];
        }[];
      };
      const direct = decodeJob(readFileSync(join(dir, r.f)));
      expect(out.commands).toEqual(ORDER);
      expect(out.sides).toEqual([
        {
          side: 'front',
          panels: [
            { panel: 'k', levels: 2, width: 648, height: 1016, inkDots: direct.sides[0]!.panels[0]!.inkDots },
          ],
        },
      ]);
    }
  }, 120_000);

  it('decode of a file that is not a job exits non-zero with a code', async () => {
    const r = await runCli(['printer-emulator', 'decode', join(dir, 'README.md')]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { unexplainedBytes: number; problems: string[] };
    expect(out.problems.length).toBeGreaterThan(0);
  }, 30_000);
});
