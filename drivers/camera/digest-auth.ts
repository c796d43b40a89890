import { createHash, randomBytes } from 'node:crypto';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string;
  opaque?: string;
  algorithm?: string;
}

/** Parses `Digest realm="…", nonce="…", …` (RFC 7616); null for other schemes. */
export function parseDigestChallenge(header: string): DigestChallenge | null {
  const m = /^\s*Digest\s+(.*)$/i.exec(header);
  if (!m) return null;
  const params: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[1]!))) params[p[1]!.toLowerCase()] = p[2] ?? p[3] ?? '';
  if (!params.realm || !params.nonce) return null;
  return {
    realm: params.realm,
    nonce: params.nonce,
    qop: params.qop,
    opaque: params.opaque,
    algorithm: params.algorithm,
  };
}

const hashFor =
  (algorithm: string | undefined) =>
  (s: string): string =>
    createHash(/sha-256/i.test(algorithm ?? '') ? 'sha256' : 'md5')
      .update(s)
      .digest('hex');

/** The Authorization header answering a Digest challenge for one request. */
export function digestAuthorization(
  ch: DigestChallenge,
  req: { method: string; uri: string; username: string; password: string; nc: number; cnonce?: string },
): string {
  const h = hashFor(ch.algorithm);
  const ha1 = h(`${req.username}:${ch.realm}:${req.password}`);
  const ha2 = h(`${req.method}:${req.uri}`);
  const qop = ch.qop
    ?.split(',')
    .map((q) => q.trim())
    .includes('auth')
    ? 'auth'
    : undefined;
  const nc = req.nc.toString(16).padStart(8, '0');
  const cnonce = req.cnonce ?? randomBytes(8).toString('hex');
  const response = qop
    ? h(`${ha1}:${ch.nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : h(`${ha1}:${ch.nonce}:${ha2}`);
  const parts = [
    `username="${req.username}"`,
    `realm="${ch.realm}"`,
    `nonce="${ch.nonce}"`,
    `uri="${req.uri}"`,
    `response="${response}"`,
  ];
  if (ch.algorithm) parts.push(`algorithm=${ch.algorithm}`);
  if (ch.opaque !== undefined) parts.push(`opaque="${ch.opaque}"`);
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  return `Digest ${parts.join(', ')}`;
}

/** Server side (the camera emulator): checks an Authorization header against a known password. */
export function verifyDigest(
  header: string,
  expected: { method: string; username: string; password: string; realm: string; nonces: Set<string> },
): boolean {
  const ch = parseDigestChallenge(header);
  if (!ch) return false;
  const fields: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(header.replace(/^\s*Digest\s+/i, ''))))
    fields[p[1]!.toLowerCase()] = p[2] ?? p[3] ?? '';
  if (fields.username !== expected.username || ch.realm !== expected.realm || !expected.nonces.has(ch.nonce))
    return false;
  const want = digestAuthorization(
    { realm: ch.realm, nonce: ch.nonce, qop: fields.qop, algorithm: fields.algorithm, opaque: fields.opaque },
    {
      method: expected.method,
      uri: fields.uri ?? '',
      username: expected.username,
      password: expected.password,
      nc: parseInt(fields.nc ?? '1', 16),
      cnonce: fields.cnonce,
    },
  );
  return /response="([0-9a-f]+)"/.exec(want)?.[1] === fields.response;
}
