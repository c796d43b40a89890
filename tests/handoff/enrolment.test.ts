import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { expect, it } from 'vitest';
import type { CardgateError } from '../../gateway/core/errors.js';
import { enrolStation } from '../../gateway/enrolment/enrol.js';
import { readEnrolment } from '../../gateway/enrolment/enrolment-file.js';
import { parseToken } from '../../gateway/enrolment/token.js';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import { KEY_LABELS } from '../../gateway/keys/key-store.js';
import { loadCommandKeys } from '../../gateway/telemetry/command-keys.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startHqRig, testClock } from './hq-rig.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as CardgateError).code;
  }
  return 'resolved';
}

const station = () => {
  const dataDir = makeTempDir('cg-station-');
  return { dataDir, store: new FileKeyStore(join(dataDir, 'keys')) };
};

forEachDatabase('enrolment: hq station add → cardgate enrol', (open) => {
  it('enrols a station: certificate from the station CA, HQ keys checked and stored, token once', async () => {
    const { db } = await open();
    const clock = testClock();
    const hq = await startHqRig(db, clock);
    try {
      const token = await hq.stations.add('site-ro-gl', 'st-01');
      const t = parseToken(token);
      expect(t.caFingerprint).toBe(hq.trust.caFingerprint);
      expect(Date.parse(t.expiresAt) - clock.now()).toBe(24 * 3_600_000);
      expect((await hq.stations.list())[0]).toMatchObject({
        station: 'st-01',
        status: 'pending',
        certificate: null,
      });

      const st = station();
      const file = await enrolStation({ ...st, hqUrl: hq.url, token, clock });
      // The station certificate is for the key in the station's key store and chains to HQ's CA.
      const cert = new x509.X509Certificate(file.stationCertificate);
      expect(cert.subject).toContain('CN=st-01');
      expect(await cert.verify({ publicKey: hq.trust.ca, signatureOnly: true })).toBe(true);
      const own = (await st.store.publicKey(KEY_LABELS.stationIdentity)).export({
        format: 'der',
        type: 'spki',
      });
      expect(Buffer.from(cert.publicKey.rawData).equals(own)).toBe(true);
      // HQ's command key lands where the command handler reads it; the record key in enrolment.json.
      const keys = await loadCommandKeys({}, st.dataDir);
      expect(keys?.keys[0]).toMatchObject({ kid: hq.trust.command.kid, x: hq.trust.command.jwk.x });
      expect((await readEnrolment(st.dataDir))?.recordKey.kid).toBe(hq.trust.record.kid);
      expect((await hq.stations.list())[0]).toMatchObject({ status: 'active' });
      expect(hq.audit.entries).toContainEqual(
        expect.objectContaining({ action: 'station.enrol', outcome: 'ok' }),
      );

      // The signer lookup the ingest uses finds this station by its certificate.
      expect(await hq.stations.signer(file.certThumbprint)).toMatchObject({
        siteId: 'site-ro-gl',
        stationId: 'st-01',
      });

      // A token works once; a second station with it is refused (and audited).
      expect(await codeOf(enrolStation({ ...station(), hqUrl: hq.url, token, clock }))).toBe(
        'ENROL_TOKEN_USED',
      );
      expect(hq.audit.entries).toContainEqual(
        expect.objectContaining({
          action: 'station.enrol',
          outcome: 'denied',
          details: expect.objectContaining({ code: 'ENROL_TOKEN_USED' }),
        }),
      );
      // Enrolled already: the station refuses to enrol again without --rekey.
      const again = await hq.stations.add('site-ro-gl', 'st-02');
      expect(await codeOf(enrolStation({ ...st, hqUrl: hq.url, token: again, clock }))).toBe('ENROL_EXISTS');
      expect(await codeOf(hq.stations.add('site-ro-gl', 'st-01'))).toBe('STATION_EXISTS');
    } finally {
      await hq.close();
    }
  });

  it('refuses an expired token, and an impostor HQ whose CA is not the one the token names', async () => {
    const { db } = await open();
    const clock = testClock();
    const hq = await startHqRig(db, clock);
    const other = await open();
    // The impostor answers any enrolment with a certificate from its own CA.
    const impostor = await startHqRig(other.db, clock, {
      extra: async (app, rig) => {
        const own = await rig.stations.add('site-ro-gl', 'st-01');
        app.post('/impostor/api/v1/enrol', { config: { access: 'public' } }, async (req, reply) =>
          reply.code(201).send(await rig.stations.enrol(own, (req.body as { csr: string }).csr)),
        );
      },
    });
    try {
      const token = await hq.stations.add('site-ro-gl', 'st-01');
      const st = station();
      expect(await codeOf(enrolStation({ ...st, hqUrl: `${impostor.url}/impostor/`, token, clock }))).toBe(
        'ENROL_HQ_MISMATCH',
      );
      // Nothing stored: no enrolment, no command keys.
      expect(await readdir(st.dataDir)).not.toContain('hq');

      const late = testClock(clock.now() + 24 * 3_600_000 + 1);
      expect(await codeOf(enrolStation({ ...st, hqUrl: hq.url, token, clock: late }))).toBe(
        'ENROL_TOKEN_EXPIRED',
      );
      // HQ refuses it too (a station whose clock is wrong).
      const hqLate = await startHqRig(db, late, { store: hq.store });
      try {
        expect(await codeOf(enrolStation({ ...st, hqUrl: hqLate.url, token, clock }))).toBe(
          'ENROL_TOKEN_EXPIRED',
        );
      } finally {
        await hqLate.close();
      }
      // …and within its day it still works.
      await enrolStation({ ...st, hqUrl: hq.url, token, clock });
      expect((await readEnrolment(st.dataDir))?.station).toBe('st-01');
    } finally {
      await hq.close();
      await impostor.close();
    }
  });

  it('suspends, resumes and re-keys a station; a re-keyed station signs with a new key', async () => {
    const { db } = await open();
    const clock = testClock();
    const hq = await startHqRig(db, clock);
    try {
      const st = station();
      const first = await enrolStation({
        ...st,
        hqUrl: hq.url,
        token: await hq.stations.add('s1', 'a'),
        clock,
      });
      await hq.stations.setStatus('s1', 'a', 'suspended');
      expect(await codeOf(hq.stations.signer(first.certThumbprint))).toBe('STATION_SUSPENDED');
      await hq.stations.setStatus('s1', 'a', 'active');
      expect(await hq.stations.signer(first.certThumbprint)).toMatchObject({ stationId: 'a' });

      const second = await enrolStation({
        ...st,
        hqUrl: hq.url,
        token: await hq.stations.rekey('s1', 'a'),
        clock,
        rekey: true,
      });
      expect(second.identityLabel).not.toBe(first.identityLabel);
      expect(await st.store.has(first.identityLabel)).toBe(false);
      expect(second.certThumbprint).not.toBe(first.certThumbprint);
      const list = await hq.stations.list();
      expect(list).toHaveLength(1);
      expect(list[0]!.certificate?.thumbprint).toBe(second.certThumbprint);
      expect(await codeOf(hq.stations.rekey('s1', 'nope'))).toBe('STATION_NOT_FOUND');
      expect(await codeOf(hq.stations.signer('x'.repeat(43)))).toBe('STATION_UNKNOWN');
      // The station's files hold no private key.
      const enrolment = await readFile(join(st.dataDir, 'hq', 'enrolment.json'), 'utf8');
      expect(enrolment).not.toMatch(/PRIVATE KEY|"d":/);
    } finally {
      await hq.close();
    }
  });
});
