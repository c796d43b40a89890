import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, waitFor, type RunningProcess } from '../helpers/processes.js';
import { buildPages } from '../ui/station-fixture.js';

/**
 * `cardgate demo` as a person runs it: a child process whose printed URLs all answer, whose
 * printed HQ supervisor sees the three enrolled stations online in the fleet API (and the
 * simulated ones reporting), and which stops everything it started on SIGTERM with exit code 0.
 */
const SIMULATED = 12;
const STATION_PAGES = ['issue', 'diagnostics', 'applicant', 'info', 'queue', 'verify'];

/** Every process below `pid` (Linux /proc), children first found first. */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('cardgate demo', () => {
  let demo: RunningProcess | undefined;
  beforeAll(() => buildPages(), 240_000);
  afterAll(async () => {
    await demo?.stop('SIGKILL');
  });

  it('prints every page and login, the pages answer, HQ sees the three stations online, SIGTERM stops all', async () => {
    demo = startCli(['demo', '--simulated', String(SIMULATED)]);
    await demo.waitForOutput(/Ctrl-C stops everything/, 300_000);
    const out = demo.output();

    const pages = [...out.matchAll(/^page (.+): (http:\/\/\S+)$/gm)].map((m) => ({
      label: m[1]!,
      url: m[2]!,
    }));
    const labels = pages.map((p) => p.label);
    expect(labels.slice(0, 5)).toEqual([
      'HQ home',
      'HQ fleet',
      'HQ caseworker search',
      'HQ document status',
      'HQ verify',
    ]);
    const stations = [...new Set([...out.matchAll(/^page station (\S+) /gm)].map((m) => m[1]!))];
    expect(stations).toHaveLength(3);
    for (const s of stations) for (const p of STATION_PAGES) expect(labels).toContain(`station ${s} ${p}`);
    expect(new Set(pages.map((p) => new URL(p.url).origin)).size).toBe(4);

    for (const p of pages) {
      const r = await fetch(p.url);
      expect(r.status, p.label).toBe(200);
      expect(r.headers.get('content-type'), p.label).toMatch(/^(text\/html|application\/json)/);
      if (r.headers.get('content-type')!.startsWith('text/html'))
        expect(await r.text(), p.label).toMatch(/<html/i);
    }

    const hqUrl = new URL(pages[0]!.url).origin;
    const [, name, password] = /^login HQ supervisor: (\S+) (\S+)$/m.exec(out)!;
    const login = await fetch(`${hqUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: hqUrl },
      body: JSON.stringify({ name, password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('cardgate_session='))!
      .split(';', 1)[0]!;
    interface Overview {
      total: number;
      stations: { site: string; station: string; status: string }[];
    }
    const fleet = async (query: string): Promise<Overview> => {
      const r = await fetch(`${hqUrl}/api/v1/fleet/stations?${query}`, { headers: { cookie } });
      expect(r.status).toBe(200);
      return (await r.json()) as Overview;
    };
    // Stations go online when their birth message is ingested: wait for that, not for a time.
    const enrolled = await waitFor(
      async () => {
        const o = await fleet('search=demo-');
        return o.stations.filter((s) => s.status === 'online').length === 3 ? o : null;
      },
      { timeoutMs: 60_000, what: 'the three demo stations online at HQ' },
    );
    expect(enrolled.stations.map((s) => `${s.site}/${s.station}`).sort()).toEqual([...stations].sort());
    await waitFor(async () => (await fleet('limit=1')).total === 3 + SIMULATED, {
      timeoutMs: 60_000,
      what: 'the simulated stations known at HQ',
    });

    // A printed station login works at its station.
    const [, station, opName, opPassword] = /^login station (\S+) operator: (\S+) (\S+)$/m.exec(out)!;
    const stationUrl = new URL(pages.find((p) => p.label === `station ${station} issue`)!.url).origin;
    const opLogin = await fetch(`${stationUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stationUrl },
      body: JSON.stringify({ name: opName, password: opPassword }),
    });
    expect(opLogin.status).toBe(200);

    const started = descendants(demo.child.pid!);
    expect(started.length).toBeGreaterThanOrEqual(3);
    expect(await demo.stop('SIGTERM')).toBe(0);
    expect(demo.output()).toMatch(/cardgate demo: stopped\n/);
    expect(started.filter(alive)).toEqual([]);
    for (const p of pages.filter((x) => x.label.endsWith(' issue') || x.label === 'HQ home'))
      await expect(fetch(p.url)).rejects.toThrow();
  }, 600_000);
});
