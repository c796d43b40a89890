import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AuditSink } from '../core/audit-sink.js';
import { trainingDataDir } from './training-mode.js';

/** What training keeps between sessions: its signer (certificates and keys), nothing about people. */
const KEPT = new Set(['pki', 'keys']);

/** Where purged training data waits for deletion (beside, so the move is one rename per entry). */
const trashDir = (dataDir: string): string => join(dataDir, 'training-purge');

/**
 * Training has ended (this start is a production one): everything a training session left in
 * `<dataDir>/training` (jobs, personal data, card images, stock and number books, its audit and
 * broker files, drills) is purged, and the production audit log says so. The training signer
 * stays, so the TRAINING CSCA that trainers handed out keeps identifying training cards.
 *
 * Crash-safe in order: the entries are first moved out of the training folder (a rename each,
 * so a training start never sees half a journal), then the audit entry is written, then the
 * moved folder is deleted; a start after a crash anywhere finishes the deletion.
 */
export async function purgeEndedTraining(
  dataDir: string,
  audit: AuditSink,
  log: Logger,
): Promise<{ entries: string[] } | null> {
  const trash = trashDir(dataDir);
  const names = (await readdir(trainingDataDir(dataDir)).catch(() => [] as string[])).filter(
    (n) => !KEPT.has(n),
  );
  if (names.length > 0) {
    await mkdir(trash, { recursive: true, mode: 0o700 });
    const stamp = Date.now().toString(36);
    for (const n of names) await rename(join(trainingDataDir(dataDir), n), join(trash, `${stamp}-${n}`));
    await audit.append({
      actor: 'system',
      action: 'training.purged',
      target: 'training',
      outcome: 'ok',
      details: { entries: names.sort().join(' ') },
    });
    log.info({ entries: names.length }, 'training data purged: training mode has ended');
  }
  await rm(trash, { recursive: true, force: true });
  return names.length > 0 ? { entries: names } : null;
}
