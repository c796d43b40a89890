import type { PersonalStore } from '../crypto/personal-store.js';

/** What only the moment of production knows about a card: the MRZ and seal exactly as printed, the chip's EF.SOD. */
export interface CardArtefacts {
  mrz: string[] | null;
  seal: Uint8Array | null;
  /** EF.SOD of the chip, when the encoder profile gives it back (ICAO LDS1; null otherwise). */
  chipSecurityObject: Uint8Array | null;
}

interface Stored {
  v: 1;
  mrz: string[] | null;
  seal: string | null;
  sod: string | null;
}

const b64 = (b: Uint8Array | null): string | null => (b ? Buffer.from(b).toString('base64') : null);
const bytes = (s: string | null | undefined): Uint8Array | null =>
  typeof s === 'string' ? new Uint8Array(Buffer.from(s, 'base64')) : null;

/**
 * Keeps a card's artefacts with its job, sealed like the person data (the seal carries the
 * person's name and dates): a seal's ECDSA signature cannot be remade equal, so a restart between
 * encoding and the job's final state must find these on disk. Purged with the job's personal data.
 */
export async function storeCardArtefacts(
  personal: PersonalStore,
  jobId: string,
  a: CardArtefacts,
): Promise<void> {
  // Nothing to keep (a renderer without a seal, a chip without EF.SOD): no file, no fsync.
  if (!a.mrz && !a.seal && !a.chipSecurityObject) return;
  const s: Stored = { v: 1, mrz: a.mrz, seal: b64(a.seal), sod: b64(a.chipSecurityObject) };
  await personal.put(jobId, 'artefacts', Buffer.from(JSON.stringify(s), 'utf8'));
}

/** The artefacts stored for a job, or null (none written, purged, or written by an older version). */
export async function loadCardArtefacts(
  personal: PersonalStore,
  jobId: string,
): Promise<CardArtefacts | null> {
  const buf = await personal.get(jobId, 'artefacts');
  if (!buf) return null;
  const s = JSON.parse(buf.toString('utf8')) as Partial<Stored>;
  if (s.v !== 1) return null;
  return {
    mrz: Array.isArray(s.mrz) ? s.mrz : null,
    seal: bytes(s.seal),
    chipSecurityObject: bytes(s.sod),
  };
}
