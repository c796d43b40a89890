import { createHash } from 'node:crypto';
import { open as openFile, readFile, truncate, mkdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntryInput, AuditSink } from '../core/audit-sink.js';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { PERSONAL_FIELDS } from '../document/person.js';

/**
 * The audit trail: one JSON line per action, each carrying the hash of the previous entry, so
 * changing, removing or reordering any entry breaks the chain from there on. Appends are fsync'd.
 */
export interface AuditEntry extends AuditEntryInput {
  seq: number;
  at: string;
  prev: string;
  hash: string;
}

export interface VerifyReport {
  valid: boolean;
  entries: number;
  /** The first entry that does not verify (1-based line), with why. */
  firstBroken?: { line: number; seq: number | null; reason: string };
}

export interface AuditLog extends AuditSink {
  readonly path: string;
  read(opts?: { from?: number; limit?: number }): Promise<AuditEntry[]>;
  verify(): Promise<VerifyReport>;
  /** The newest entry's hash (the chain's head; 64 zeros when empty): records for HQ carry it. */
  head(): string;
  close(): Promise<void>;
}

const GENESIS = '0'.repeat(64);
const PERSONAL = new Set<string>(PERSONAL_FIELDS);

export const auditPath = (dataDir: string): string => join(dataDir, 'audit', 'audit.log');

function hashOf(e: Omit<AuditEntry, 'hash'>): string {
  const body = JSON.stringify([
    e.seq,
    e.at,
    e.prev,
    e.actor,
    e.action,
    e.target ?? null,
    e.outcome ?? null,
    e.details ?? null,
  ]);
  return createHash('sha256').update(body).digest('hex');
}

/** Personal data never enters the trail: fields named like personal ones are dropped. */
function scrub(details: AuditEntryInput['details']): AuditEntryInput['details'] {
  if (!details) return undefined;
  return Object.fromEntries(Object.entries(details).filter(([k]) => !PERSONAL.has(k)));
}

export function verifyText(text: string): VerifyReport {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let prev = GENESIS;
  let expectSeq = 1;
  for (let i = 0; i < lines.length; i++) {
    let e: AuditEntry;
    try {
      e = JSON.parse(lines[i]!) as AuditEntry;
    } catch {
      return { valid: false, entries: i, firstBroken: { line: i + 1, seq: null, reason: 'not valid JSON' } };
    }
    const broken = (reason: string): VerifyReport => ({
      valid: false,
      entries: i,
      firstBroken: { line: i + 1, seq: typeof e.seq === 'number' ? e.seq : null, reason },
    });
    if (e.seq !== expectSeq) return broken(`sequence ${String(e.seq)} where ${expectSeq} was expected`);
    if (e.prev !== prev) return broken('previous-hash link does not match the entry before');
    const { hash, ...rest } = e;
    if (hashOf(rest) !== hash) return broken('entry hash does not match its content');
    prev = hash;
    expectSeq++;
  }
  return { valid: true, entries: lines.length };
}

export async function verifyAuditFile(path: string): Promise<VerifyReport> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return verifyText(text);
}

export async function openAuditLog(dataDir: string, opts: { clock?: Clock } = {}): Promise<AuditLog> {
  const clock = opts.clock ?? systemClock;
  const path = auditPath(dataDir);
  await mkdir(join(dataDir, 'audit'), { recursive: true, mode: 0o700 });
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  // A line without its newline was being written when the process died; it was never
  // acknowledged, so it is cut off and the chain continues from the last whole entry.
  const lastNl = text.lastIndexOf('\n');
  if (lastNl !== text.length - 1) {
    text = text.slice(0, lastNl + 1);
    await truncate(path, Buffer.byteLength(text)).catch(() => undefined);
  }
  const lines = text.split('\n').filter((l) => l !== '');
  let prev = GENESIS;
  let seq = 0;
  const last = lines[lines.length - 1];
  if (last) {
    const e = JSON.parse(last) as AuditEntry;
    prev = e.hash;
    seq = e.seq;
  }
  const fh: FileHandle = await openFile(path, 'a', 0o600);
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn);
    chain = run.catch(() => undefined);
    return run;
  };

  return {
    path,
    append: (input) =>
      serial(async () => {
        const base: Omit<AuditEntry, 'hash'> = {
          seq: seq + 1,
          at: new Date(clock.now()).toISOString(),
          prev,
          actor: input.actor,
          action: input.action,
          ...(input.target !== undefined ? { target: input.target } : {}),
          ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
          ...(input.details ? { details: scrub(input.details) } : {}),
        };
        const entry: AuditEntry = { ...base, hash: hashOf(base) };
        await fh.write(JSON.stringify(entry) + '\n');
        await fh.datasync();
        seq = entry.seq;
        prev = entry.hash;
      }),
    read: async ({ from = 1, limit = 100 } = {}) => {
      await chain;
      const all = (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '');
      const start = Math.max(0, from - 1);
      return all.slice(start, start + limit).map((l) => JSON.parse(l) as AuditEntry);
    },
    verify: async () => {
      await chain;
      return verifyAuditFile(path);
    },
    head: () => prev,
    close: async () => {
      await chain;
      await fh.close();
    },
  };
}
