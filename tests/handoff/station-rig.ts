import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { enrolStation } from '../../gateway/enrolment/enrol.js';
import { CardArtefactTap } from '../../gateway/handoff/card-artefacts.js';
import { Handoff, type HandoffSettings } from '../../gateway/handoff/handoff.js';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import type { KeyStore } from '../../gateway/keys/key-store.js';
import { makeRig, person, type Rig } from '../issuance/service-helpers.js';
import { facePhoto } from '../issuance/fakes.js';
import type { ProtectionDetails } from '../../gateway/protection/protection-details.js';
import type { StationBook } from '../../gateway/hq/enrolment/station-book.js';
import { EmulatorEncoder } from '../../drivers/encoder/emulator/emulator-encoder.js';
import { createIcaoLds1Profile } from '../../drivers/encoder/profiles/icao-lds1/profile.js';
import { produceCard } from '../../gateway/document/render/produce.js';
import { loadDocumentSigner, type DocumentSigner } from '../../gateway/document/seal/signer.js';
import type { ProduceCard } from '../../gateway/issuance/deps.js';

export interface StationRig {
  dataDir: string;
  issuance: Rig;
  handoff: Handoff;
  /** Issues one card to done (with the operator's vulnerability details, when given); returns its job id. */
  issue(surname?: string, protection?: ProtectionDetails): Promise<string>;
  /** With `chip`: the emulated LDS1 encoder (its card holds the last card written) and the signer. */
  chip: { encoder: EmulatorEncoder; signer: DocumentSigner } | undefined;
  /** Stops the hand-off and issuance (a restart reopens the same data directory). */
  close(): Promise<void>;
}

export const FAST: HandoffSettings = { graceDays: 7, retryMinMs: 5, retryMaxMs: 100, purgeIntervalMs: 0 };

/**
 * One station: the real issuance service (fake devices, as the issuance tests use) in a data
 * directory, enrolled at `hqUrl` with a token from `stations`, and its hand-off to that HQ.
 */
export async function startStation(o: {
  hqUrl: string;
  site: string;
  station: string;
  stations?: StationBook;
  /** An enrolment token made elsewhere (`cardgate hq station add`), instead of `stations`. */
  token?: string;
  dataDir?: string;
  settings?: Partial<HandoffSettings>;
  /** The issuance section (e.g. this station's own number block). */
  issuance?: Record<string, unknown>;
  /** The hand-off's logger (default: silent). */
  log?: Logger;
  /**
   * The real chip path: the document renderer, the station's document signer (in the data
   * directory) and the encoder emulator with the ICAO LDS1 profile, so records carry a real seal
   * and EF.SOD. Default: the issuance tests' fakes (no seal, no SOD).
   */
  chip?: boolean;
  /** The key store the hand-off signs with, made from the station's (e.g. one that fails on demand). */
  handoffStore?: (store: KeyStore) => KeyStore;
}): Promise<StationRig> {
  const issuanceOpts = o.issuance ? { issuance: o.issuance } : {};
  const issuance0 = await makeRig({
    ...issuanceOpts,
    recover: false,
    ...(o.dataDir ? { dataDir: o.dataDir } : {}),
  });
  const dataDir = issuance0.dataDir;
  await issuance0.close();
  const store = new FileKeyStore(join(dataDir, 'keys'));
  const { readEnrolment } = await import('../../gateway/enrolment/enrolment-file.js');
  let enrolment = await readEnrolment(dataDir);
  if (!enrolment) {
    const token = o.token ?? (await o.stations!.add(o.site, o.station));
    enrolment = await enrolStation({
      dataDir,
      hqUrl: o.hqUrl,
      token,
      store,
      clock: { now: () => Date.now() },
    });
  }
  const late: { handoff?: Handoff } = {};
  const chip = o.chip ? await chipPath(dataDir) : undefined;
  const issuance = await makeRig({
    ...issuanceOpts,
    ...(chip ? { chip } : {}),
    dataDir,
    personalDataHold: (j) => late.handoff?.holds(j) ?? true,
  });
  const handoff = await Handoff.open({
    dataDir,
    enrolment,
    store: o.handoffStore?.(store) ?? store,
    bus: issuance.bus,
    clock: issuance.clock,
    log: o.log ?? pino({ level: 'silent' }),
    artefacts: new CardArtefactTap(),
    settings: { ...FAST, ...o.settings },
    context: () => ({
      training: false,
      issuingState: 'ROU',
      documentCode: 'IR',
      devices: { printerSerial: 'PRN-TEST', encoderSerial: 'ENC-TEST' },
      cardStockSerial: null,
      auditHead: issuance.audit.head(),
      previousNumber: null,
    }),
  });
  late.handoff = handoff;
  await handoff.start(issuance.service);
  const h = handoff;
  return {
    dataDir,
    issuance,
    handoff: h,
    async issue(surname = 'Zzyzxova', protection?: ProtectionDetails) {
      if (issuance.service.stock().inFeeder < 1) await issuance.service.loadStock(100, 'tech');
      const j = await issuance.service.create(
        {
          kind: 'new',
          person: person({ surname }),
          photoJpeg: facePhoto(),
          ...(protection ? { protection } : {}),
        },
        'op',
      );
      await issuance.service.idle();
      return j.id;
    },
    chip,
    async close() {
      await h.stop();
      await issuance.close();
      await chip?.encoder.stop();
    },
  };
}

/** The renderer, the document signer of `dataDir` and an emulated LDS1 encoder (card always present). */
async function chipPath(dataDir: string) {
  const signer = await loadDocumentSigner({ dataDir });
  const encoder = new EmulatorEncoder({ exchangeTimeoutMs: 5000, profile: createIcaoLds1Profile() });
  await encoder.start();
  const produce: ProduceCard = (input) => produceCard(input, { signer });
  return { encoder, produceCard: produce, signer };
}
