import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Static } from 'typebox';
import { Value } from 'typebox/value';
import { createEncoder } from '../../drivers/encoder/factory.js';
import { VirtualCard } from '../../drivers/encoder/emulator/virtual-card.js';
import type { EmulatorEncoder } from '../../drivers/encoder/emulator/emulator-encoder.js';
import { produceCard } from '../../gateway/document/render/produce.js';
import { loadDocumentSigner } from '../../gateway/document/seal/signer.js';
import { IssuanceSection } from '../../gateway/config/sections/issuance.js';
import { EventBus } from '../../gateway/core/events.js';
import { systemClock } from '../../gateway/core/clock.js';
import { openAuditLog } from '../../gateway/audit/audit-log.js';
import { createIssuanceService } from '../../gateway/issuance/service.js';
import { projectRoot } from '../helpers/processes.js';
import { tempDir } from './service-helpers.js';
import { startEmulatedPrinter } from './emulated-printer.js';
import { fixturePerson } from '../helpers/persons.js';

describe('issuance end to end: document renderer, printer emulator over TCP, encoder emulator', () => {
  it('issues a card whose chip verifies and whose printed job reached the printer', async () => {
    const dataDir = tempDir();
    const encoder = createEncoder({
      driver: 'emulator',
      exchangeTimeoutMs: 5000,
      emulator: { cardPresent: false },
    }) as EmulatorEncoder;
    const {
      printer,
      emulator: emu,
      close: closePrinter,
    } = await startEmulatedPrinter({
      feederCards: 50,
      insertBlank: () => encoder.control.insertCard(new VirtualCard()),
    });
    await encoder.start();
    const signer = await loadDocumentSigner({ dataDir });
    const audit = await openAuditLog(dataDir);
    const service = await createIssuanceService({
      config: { issuance: Value.Default(IssuanceSection, {}) as Static<typeof IssuanceSection> },
      dataDir,
      bus: new EventBus(),
      clock: systemClock,
      printer,
      encoder,
      produceCard,
      signer,
      audit,
      logger: pino({ level: 'silent' }),
      options: { retentionIntervalMs: 0, env: {} },
    });
    try {
      await service.recover();
      await service.loadStock(10, 'tech');
      const person = fixturePerson('romanian-diacritics');
      delete person.documentNumber;
      const job = await service.create(
        { kind: 'new', person, photoJpeg: readFileSync(join(projectRoot, 'tests/fixtures/face.jpg')) },
        'operator',
      );
      await service.idle();
      const done = await service.get(job.id);
      expect(done.status, JSON.stringify(done.error)).toBe('done');
      expect(done.documentNumber).toBe('RT0000001');
      const chip = await encoder.readBack();
      expect(Buffer.from(chip.files.dg1!).toString('latin1')).toContain('RT0000001');
      expect(encoder.verifyContents(chip, signer.certificateDer)).toEqual({ ok: true, failures: [] });
      await emu.idle();
      expect(emu.jobs()).toHaveLength(1);
      expect(emu.jobs()[0]!.result).toBe('ejected');
      expect(service.stock()).toMatchObject({ good: 1, spoiled: 0, inFeeder: 9, identityHolds: true });
    } finally {
      await service.close();
      await audit.close();
      await closePrinter();
      await encoder.stop();
    }
  }, 60_000);
});
