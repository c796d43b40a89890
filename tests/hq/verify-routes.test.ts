import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadDocumentSigner } from '../../gateway/document/seal/signer.js';
import { verifyTrustDir } from '../../gateway/hq/status/hq-trust-files.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { startTestHq } from '../helpers/hq.js';
import { sampleRecord } from '../helpers/issuance-record.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const PW = 'correct horse battery staple';

forEachDatabase('HQ verify routes', (open) => {
  it('publishes the trusted certificates, answers a document’s status to verifiers, and announces a revocation', async () => {
    const t = await open();
    // A station's embedded signer: its certificate and CA are what HQ's verify page trusts.
    const stationDir = makeTempDir('cardgate-hq-verify-station-');
    const signer = await loadDocumentSigner({ dataDir: stationDir });
    mkdirSync(verifyTrustDir(t.dataDir), { recursive: true });
    // The station's signer and CSCA as it publishes them (their files moved to <dataDir>/pki).
    writeFileSync(join(verifyTrustDir(t.dataDir), 'st-01-ds.pem'), signer.certificatePem);
    writeFileSync(join(verifyTrustDir(t.dataDir), 'csca-ro.pem'), signer.caCertificatePem!);
    const hq = await startTestHq(t);
    try {
      const trust = await hq.request('GET', '/api/v1/verify/trust');
      expect(trust.status).toBe(200);
      expect(trust.body.signers).toEqual([signer.certificatePem.trim()]);
      expect(trust.body.cscas).toEqual([signer.caCertificatePem!.trim()]);

      await hq.ctx.accounts.add({ name: 'vera', role: 'verifier', password: PW, permissions: [] });
      await hq.ctx.accounts.add({ name: 'carla', role: 'caseworker', password: PW, permissions: [] });
      await hq.ctx.accounts.add({ name: 'sam', role: 'supervisor', password: PW, permissions: [] });
      const vera = await hq.login('vera', PW);
      const record = sampleRecord({ surname: 'Popescu', givenNames: 'Ion' });
      await hq.ctx.registry.ingest({ site: 'site-ro-gl', station: 'st-01' }, record);
      const number = record.document.number;

      expect((await hq.request('GET', `/api/v1/verify/status/${number}`)).status).toBe(401);
      expect(
        (await hq.request('GET', `/api/v1/verify/status/${number}`, { cookie: await hq.login('sam', PW) }))
          .status,
      ).toBe(403);
      const valid = await hq.request('GET', `/api/v1/verify/status/${number}`, { cookie: vera });
      expect(valid.body).toMatchObject({
        number,
        status: 'valid',
        changedAt: null,
        source: 'hq',
        warning: null,
      });
      expect(JSON.stringify(valid.body)).not.toMatch(/popescu/i);

      const carla = await hq.login('carla', PW);
      const revoked = await hq.request('POST', `/api/v1/documents/${number}/revoke`, {
        cookie: carla,
        body: { reason: 'document obtained by fraud, case 4711' },
      });
      expect(revoked.status).toBe(200);
      const after = await hq.request('GET', `/api/v1/verify/status/${number}`, { cookie: vera });
      expect(after.body).toMatchObject({ status: 'revoked', warning: 'REISSUE_DOCUMENT_REVOKED' });
      expect(Date.parse(after.body.changedAt)).not.toBeNaN();
      // The revocation is in the feed every station is sent from.
      const changes = await hq.ctx.db.query<{ number: string; status: string }>(
        'SELECT number, status FROM document_status_changes ORDER BY seq',
      );
      expect(changes).toEqual([{ number, status: 'revoked' }]);
      expect((await hq.request('GET', '/api/v1/verify/status/NOSUCH1', { cookie: vera })).body.code).toBe(
        'DOCUMENT_NOT_FOUND',
      );
    } finally {
      await hq.stop();
    }
  });
});
