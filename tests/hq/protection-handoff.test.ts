import pino from 'pino';
import { expect, it } from 'vitest';
import type { Principal } from '../../gateway/api/access.js';
import { HqAuditLog } from '../../gateway/hq/audit/audit-store.js';
import type { HqContext } from '../../gateway/hq/context.js';
import { ProtectionStore } from '../../gateway/hq/protection/protection-store.js';
import { protectionRoutes } from '../../gateway/hq/protection/routes.js';
import { RecordCipher } from '../../gateway/hq/registry/record-cipher.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { startHqRig, testClock } from '../handoff/hq-rig.js';
import { tappedRegistry } from '../handoff/registry-tap.js';
import { startStation } from '../handoff/station-rig.js';

interface Notice {
  recordId: string;
  number: string;
  site: string;
  station: string;
  kind: string;
  declaredAge: number | null;
  ageAssessed: boolean;
  representativeAtStation: boolean;
}

/**
 * Issue 20 end to end through the real hand-off: an operator registers an unaccompanied child at a
 * station; the card's record goes as JWS-in-JWE to HQ's ingest, into the RegistryStore, and the
 * child appears, with the declared age, in the caseworkers' list (the protection routes), while a
 * child who came with a representative and an adult do not. Nothing of it went over MQTT: the
 * station rig has no broker at all.
 */
forEachDatabase('a protection notice through the hand-off', (open) => {
  it("an unaccompanied child registered at a station reaches HQ's caseworker list with the age", async () => {
    const { db } = await open();
    const clock = testClock();
    const registry = await tappedRegistry(db, clock);
    const protection = new ProtectionStore(db, new RecordCipher(db, registry.keys));
    registry.store.onCreated.push((tx, record) => protection.onRecordCreated(tx, record));
    const audit = new HqAuditLog(db, { clock });
    const hq = await startHqRig(db, clock, {
      registry,
      store: registry.keys,
      extra: async (app) => {
        // The caseworker holding the protection permission (sessions are tested with HQ's accounts).
        app.decorateRequest('principal', null);
        app.addHook('onRequest', async (req) => {
          (req as unknown as { principal: Principal & { permissions: string[] } }).principal = {
            userId: 'u-cw',
            name: 'cw-elena',
            role: 'caseworker' as never,
            via: 'session',
            mustChangePassword: false,
            permissions: ['protection'],
          };
        });
        const ctx = {
          audit,
          apiPrefix: '/api/v1',
          logger: pino({ level: 'silent' }),
          clock,
        } as unknown as HqContext;
        await app.register(protectionRoutes, { ...ctx, protection, prefix: '/api/v1' });
      },
    });
    const st = await startStation({
      hqUrl: hq.url,
      site: 'site-ro-gl',
      station: 'st-1',
      stations: hq.stations,
    });
    try {
      const child = await st.issue('Haidari', {
        flags: ['minor', 'unaccompanied-minor'],
        declaredAge: 12,
        ageAssessed: true,
      });
      await st.issue('Rahimi', {
        flags: ['unaccompanied-minor'],
        declaredAge: 16,
        legalRepresentative: { name: 'Maria Ionescu', organisation: 'DGASPC Galați' },
      });
      await st.issue('Popescu');
      await st.handoff.settled();
      await st.handoff.pump.drained();
      expect(registry.created).toHaveLength(3);
      expect(st.handoff.status()).toMatchObject({ pending: 0, lastError: null });

      const number = (await st.issuance.service.handoffView(child)).job.documentNumber!;
      const res = await hq.app.inject({ url: '/api/v1/protection/notices' });
      expect(res.statusCode).toBe(200);
      const { items } = res.json<{ items: Notice[] }>();
      expect(items).toEqual([
        expect.objectContaining({
          number,
          site: 'site-ro-gl',
          station: 'st-1',
          kind: 'unaccompanied-minor',
          declaredAge: 12,
          ageAssessed: true,
          representativeAtStation: false,
        }),
      ]);
      // The list names no one: no name of the child in what the caseworker list answers.
      expect(res.body).not.toMatch(/Haidari/i);
      // Each view of the list is audited.
      const views = await db.query<{ action: string }>(
        "SELECT action FROM audit_log WHERE action = 'protection.notices.view'",
      );
      expect(views).toHaveLength(1);
    } finally {
      await st.close();
      await hq.close();
    }
  });
});
