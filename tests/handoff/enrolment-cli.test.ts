import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readEnrolment } from '../../gateway/enrolment/enrolment-file.js';
import { parseToken } from '../../gateway/enrolment/token.js';
import { openDatabase } from '../../gateway/hq/db/database.js';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { runCli } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startHqRig, testClock } from './hq-rig.js';

forEachDatabase('cardgate hq station … and cardgate enrol (CLI)', (open) => {
  it('prints the token last, enrols with it, lists, suspends and re-keys', { timeout: 300_000 }, async () => {
    const t = await open();
    const dataDir = open.kind === 'embedded' ? t.dataDir : makeTempDir('cg-hq-');
    const db = ['--data-dir', dataDir, '--db', t.url];
    // The embedded database belongs to one process: the CLI works on it while HQ is stopped.
    if (open.kind === 'embedded') await t.db.close();
    const add = await runCli(['hq', 'station', 'add', ...db, '--site', 'site-a', '--station', 'st-1']);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const token = add.stdout.trim().split('\n').at(-1)!;
    expect(parseToken(token)).toMatchObject({ site: 'site-a', station: 'st-1' });

    const hqDb = open.kind === 'embedded' ? await openDatabase('embedded', dataDir) : t.db;
    const hq = await startHqRig(hqDb, testClock(Date.now()), {
      store: new FileKeyStore(join(dataDir, 'keys')),
    });
    const stationDir = makeTempDir('cg-st-');
    try {
      const enrol = await runCli(['enrol', '--data-dir', stationDir, '--hq', hq.url, '--token', token]);
      expect(enrol.stderr).toBe('');
      expect(enrol.stdout).toContain('enrolled as site-a/st-1');
      expect((await readEnrolment(stationDir))?.caCertificate).toBe(hq.trust.ca.toString('pem'));
      const reuse = await runCli([
        'enrol',
        '--data-dir',
        makeTempDir('cg-st-'),
        '--hq',
        hq.url,
        '--token',
        token,
      ]);
      expect(reuse.code).toBe(2);
      expect(reuse.stderr).toContain('ENROL_TOKEN_USED');
    } finally {
      await hq.close();
      if (open.kind === 'embedded') await hqDb.close();
    }
    const list = await runCli(['hq', 'station', 'list', ...db, '--json']);
    expect(JSON.parse(list.stdout)).toMatchObject([{ site: 'site-a', station: 'st-1', status: 'active' }]);
    const suspend = await runCli([
      'hq',
      'station',
      'suspend',
      ...db,
      '--site',
      'site-a',
      '--station',
      'st-1',
    ]);
    expect(suspend.code).toBe(0);
    const after = await runCli(['hq', 'station', 'list', ...db]);
    expect(after.stdout).toMatch(/^site-a\/st-1\tsuspended\t/);
    const rekey = await runCli(['hq', 'station', 'rekey', ...db, '--site', 'site-a', '--station', 'st-1']);
    expect(parseToken(rekey.stdout.trim().split('\n').at(-1)!).station).toBe('st-1');
    const missing = await runCli([
      'hq',
      'station',
      'suspend',
      ...db,
      '--site',
      'site-a',
      '--station',
      'nope',
    ]);
    expect(missing.stderr).toContain('STATION_NOT_FOUND');
  });
});
