import { randomUUID } from 'node:crypto';
import {
  SignJWT,
  createLocalJWKSet,
  decodeJwt,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { CONTRACT_VERSION, type CommandName } from './contract/index.js';

/** `typ` of a command token: a signed token for something else is not a command. */
export const COMMAND_TYP = 'cardgate-command+jwt';
/** Signature algorithms a station accepts (Ed25519 by default; P-256 for HSMs that lack it). */
export const COMMAND_ALGS = ['Ed25519', 'EdDSA', 'ES256'];
/** Longest a command may stay valid: bounds how long the station keeps its id against replay. */
export const MAX_COMMAND_LIFETIME_S = 24 * 3600;
/** Clock difference between HQ and a station that is tolerated on `iat`/`exp`. */
export const CLOCK_TOLERANCE_S = 60;

/** The audience of a command: the one station it is meant for. */
export const stationAudience = (site: string, station: string): string => `${site}/${station}`;

/** Claims of a signed command (besides the JWS header's `alg`, `kid`, `typ`). */
const Claims = Type.Object({
  aud: Type.String(),
  jti: Type.String({ pattern: '^[A-Za-z0-9._:-]{8,128}$' }),
  iat: Type.Number(),
  exp: Type.Number(),
  cmd: Type.String({ maxLength: 64 }),
  body: Type.Record(Type.String(), Type.Unknown()),
});

export interface SignCommandInput {
  /** HQ's private command key as a JWK, with `kid` (cardgate command keygen makes one). */
  key: JWK;
  site: string;
  station: string;
  command: CommandName;
  /** The command's arguments (without `v` and `requestId`). */
  args?: Record<string, unknown>;
  ttlSeconds?: number;
  requestId?: string;
  jti?: string;
  /** Milliseconds since the epoch; the signer's clock by default. */
  now?: number;
}

/** A compact JWS carrying one command for one station, with an expiry and a unique id. */
export async function signCommand(input: SignCommandInput): Promise<string> {
  const alg = input.key.alg ?? (input.key.crv === 'P-256' ? 'ES256' : 'Ed25519');
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  const jti = input.jti ?? randomUUID();
  const ttl = Math.min(input.ttlSeconds ?? 300, MAX_COMMAND_LIFETIME_S);
  const body = { v: CONTRACT_VERSION, requestId: input.requestId ?? jti.slice(0, 64), ...input.args };
  return new SignJWT({ cmd: input.command, body })
    .setProtectedHeader({ alg, typ: COMMAND_TYP, ...(input.key.kid ? { kid: input.key.kid } : {}) })
    .setAudience(stationAudience(input.site, input.station))
    .setJti(jti)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .sign(await importJWK(input.key, alg));
}

/** A new HQ command key pair: the private JWK (kept at HQ) and the public set (enrolled at stations). */
export async function generateCommandKey(kid = `hq-cmd-${new Date().toISOString().slice(0, 10)}`) {
  const { privateKey, publicKey } = await generateKeyPair('Ed25519', { extractable: true });
  const priv = { ...(await exportJWK(privateKey)), kid, alg: 'Ed25519', use: 'sig' };
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'Ed25519', use: 'sig' };
  return { privateJwk: priv, publicJwks: { keys: [pub] } as JSONWebKeySet };
}

export type RefusalReason =
  | 'unsigned'
  | 'malformed'
  | 'no-trusted-keys'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'too-long-lived'
  | 'wrong-station'
  | 'wrong-command'
  | 'replayed';

export type Verdict =
  | { ok: true; body: Record<string, unknown>; jti: string; exp: number }
  | { ok: false; reason: RefusalReason; requestId: string | null };

const JWS_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Check a command's signature (against HQ's enrolled keys), its station, its name, its expiry and
 * its lifetime. Replay is the caller's check (it needs the durable store of seen ids).
 */
export async function verifyCommand(
  name: string,
  raw: Buffer,
  opts: { keys: JSONWebKeySet | undefined; audience: string; now: number },
): Promise<Verdict> {
  const token = raw.toString('utf8').trim();
  if (!JWS_RE.test(token)) return { ok: false, reason: 'unsigned', requestId: unverifiedRequestId(token) };
  const requestId = unverifiedRequestId(token);
  const refuse = (reason: RefusalReason): Verdict => ({ ok: false, reason, requestId });
  if (!opts.keys || opts.keys.keys.length === 0) return refuse('no-trusted-keys');
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(opts.keys), {
      audience: opts.audience,
      typ: COMMAND_TYP,
      algorithms: COMMAND_ALGS,
      requiredClaims: ['exp', 'jti', 'iat', 'aud'],
      currentDate: new Date(opts.now),
      clockTolerance: CLOCK_TOLERANCE_S,
    }));
  } catch (e) {
    return refuse(reasonOf(e));
  }
  if (!Value.Check(Claims, payload)) return refuse('malformed');
  // Signed "in the future" would outlive the lifetime bound and keep its id for as long.
  if (payload.iat > opts.now / 1000 + CLOCK_TOLERANCE_S) return refuse('not-yet-valid');
  if (payload.exp - payload.iat > MAX_COMMAND_LIFETIME_S) return refuse('too-long-lived');
  // The topic names the command too: a command signed for one name is not run under another.
  if (payload.cmd !== name) return refuse('wrong-command');
  return { ok: true, body: payload.body, jti: payload.jti, exp: payload.exp };
}

function reasonOf(e: unknown): RefusalReason {
  if (e instanceof errors.JWTExpired) return 'expired';
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return 'wrong-station';
    if (e.claim === 'iat' || e.claim === 'nbf') return 'not-yet-valid';
    return 'malformed';
  }
  if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys)
    return 'unknown-key';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature';
  return 'malformed';
}

/** The request id a refused command claims, so HQ can match the refusal (it is never trusted). */
function unverifiedRequestId(token: string): string | null {
  let id: unknown;
  try {
    id = JWS_RE.test(token)
      ? (decodeJwt(token).body as { requestId?: unknown } | undefined)?.requestId
      : (JSON.parse(token) as { requestId?: unknown }).requestId;
  } catch {
    return null;
  }
  return typeof id === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(id) ? id : null;
}
