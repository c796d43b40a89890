import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// No vitest import here: worker processes started by tests (tsx) may load modules that use this.
const made = new Set<string>();

/**
 * A fresh folder under os.tmpdir(). It is removed after the test file that made it finishes
 * (tests/helpers/temp-dir-cleanup.ts, a vitest setup file, calls removeTempDirs in afterAll),
 * so a test that throws half-way or never calls its own close does not leave it behind.
 */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every folder makeTempDir made in this process so far. */
export async function removeTempDirs(): Promise<void> {
  const dirs = [...made];
  made.clear();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}
