import { Value } from 'typebox/value';
import { CardgateError, isCardgateError } from '../core/errors.js';
import {
  CommandSchemas,
  isCommandName,
  type CommandName,
  type DocumentStatusChangeT,
  type NumberBlockT,
} from './contract/index.js';

const MAX_COMMAND_BYTES = 16 * 1024;
const NAME_RE = /^[a-z0-9-]{1,64}$/;

export interface CommandOutcome {
  /** Name used in the reply topic (`invalid` when the topic segment is unusable). */
  replyName: string;
  requestId: string | null;
  ok: boolean;
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
  /** Why authentication refused the command (unsigned, expired, replayed, …). */
  refusal?: string;
}

export interface CommandActions {
  rebirth(): Promise<void> | void;
  setInterval(seconds: number): void;
  diagnostics(requestId: string): Promise<Record<string, unknown>>;
  lock(reason: string): Promise<void> | void;
  unlock(): Promise<void> | void;
  assignNumberBlock(block: NumberBlockT): Promise<unknown> | unknown;
  /** Store HQ's status changes durably; answers the highest change number held. */
  documentStatus(changes: DocumentStatusChangeT[]): Promise<{ applied: number; highestSeq: number }>;
}

const fail = (
  replyName: string,
  requestId: string | null,
  code: string,
  message: string,
): CommandOutcome => ({
  replyName,
  requestId,
  ok: false,
  error: { code, message: message.slice(0, 300) },
});

/** Pull a usable request id out of anything, so even a rejected command's reply can be matched. */
function requestIdOf(body: unknown): string | null {
  const id = (body as { requestId?: unknown } | null)?.requestId;
  return typeof id === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(id) ? id : null;
}

/**
 * Proves a command came from headquarters (signature, station, expiry, not replayed) and gives
 * its body; the station never runs a command this refuses.
 */
export type Authenticate = (
  name: string,
  payload: Buffer,
) => Promise<{ ok: true; body: unknown } | { ok: false; reason: string; requestId: string | null }>;

/**
 * Authenticate, validate and run one command from the data centre. Never throws: everything
 * wrong with the command (unsigned, unknown name, wrong types, a failing handler) becomes an
 * error outcome.
 */
export async function dispatchCommand(
  name: string,
  payload: Buffer,
  actions: CommandActions,
  authenticate: Authenticate,
): Promise<CommandOutcome> {
  const replyName = NAME_RE.test(name) ? name : 'invalid';
  if (payload.length > MAX_COMMAND_BYTES)
    return fail(replyName, null, 'COMMAND_TOO_LARGE', `payload over ${MAX_COMMAND_BYTES} bytes`);
  const verdict = await authenticate(name, payload);
  if (!verdict.ok) {
    const refused = fail(
      replyName,
      verdict.requestId,
      'COMMAND_UNAUTHENTICATED',
      `refused: ${verdict.reason}`,
    );
    return { ...refused, refusal: verdict.reason };
  }
  const body = verdict.body;
  const requestId = requestIdOf(body);
  if (!isCommandName(name))
    return fail(replyName, requestId, 'COMMAND_UNKNOWN', 'command is not on the allow-list');
  const schema = CommandSchemas[name];
  if (!Value.Check(schema, body)) {
    const first = Value.Errors(schema, body)[0];
    // Only the path and rule go back, never the offending value.
    return fail(
      replyName,
      requestId,
      'COMMAND_INVALID',
      first ? `${first.instancePath || '/'} ${first.message}` : 'invalid',
    );
  }
  try {
    const result = await run(name, body as Record<string, unknown>, actions);
    return { replyName, requestId, ok: true, ...(result ? { result } : {}) };
  } catch (error) {
    if (isCardgateError(error)) return fail(replyName, requestId, error.code, error.message);
    return fail(replyName, requestId, 'COMMAND_FAILED', 'the station could not carry out the command');
  }
}

async function run(
  name: CommandName,
  body: Record<string, unknown>,
  a: CommandActions,
): Promise<Record<string, unknown> | undefined> {
  switch (name) {
    case 'rebirth':
      await a.rebirth();
      return undefined;
    case 'set-telemetry-interval':
      a.setInterval(body.healthIntervalSeconds as number);
      return { healthIntervalSeconds: body.healthIntervalSeconds as number };
    case 'request-diagnostics':
      return a.diagnostics(body.requestId as string);
    case 'lock-station':
      await a.lock(body.reason as string);
      return { locked: true };
    case 'unlock-station':
      await a.unlock();
      return { locked: false };
    case 'assign-number-block': {
      const block = body.block as NumberBlockT;
      if (block.last < block.first) {
        throw new CardgateError('NUMBER_BLOCK_INVALID', 'block ends before it starts', { status: 400 });
      }
      const stored = await a.assignNumberBlock(block);
      return {
        blockId: block.blockId,
        stored: true,
        ...(stored && typeof stored === 'object' ? { detail: stored as Record<string, unknown> } : {}),
      };
    }
    case 'document-status':
      return a.documentStatus(body.changes as DocumentStatusChangeT[]);
  }
}
