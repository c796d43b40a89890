import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { CameraError } from './interface.js';
import { digestAuthorization, parseDigestChallenge, type DigestChallenge } from './digest-auth.js';

export interface Credentials {
  username: string;
  password: string;
}

/**
 * GET requests to one camera, answering its Basic or Digest challenge and remembering it, so
 * only the first request of a session pays the extra 401 round trip.
 */
export class CameraHttpClient {
  #scheme: { kind: 'basic' } | { kind: 'digest'; challenge: DigestChallenge; nc: number } | null = null;

  constructor(private readonly credentials: Credentials | null) {}

  /** Resolves with a 2xx response whose body is still to be read; maps every failure to a CameraError. */
  async get(url: string, opts: { signal: AbortSignal; accept?: string }): Promise<IncomingMessage> {
    let res = await this.#request(url, opts);
    if (res.statusCode === 401) {
      res.resume();
      if (!this.credentials)
        throw new CameraError('UNAUTHORIZED', 'camera asks for credentials and none are configured');
      const challenge = res.headers['www-authenticate'] ?? '';
      const digest = parseDigestChallenge(Array.isArray(challenge) ? challenge.join(', ') : challenge);
      if (digest) this.#scheme = { kind: 'digest', challenge: digest, nc: 0 };
      else if (/basic/i.test(String(challenge))) this.#scheme = { kind: 'basic' };
      else
        throw new CameraError(
          'UNAUTHORIZED',
          `camera asks for an unsupported authentication: ${String(challenge)}`,
        );
      res = await this.#request(url, opts);
      if (res.statusCode === 401) {
        res.resume();
        this.#scheme = null;
        throw new CameraError('UNAUTHORIZED', 'camera refused the configured credentials');
      }
    }
    if (!res.statusCode || res.statusCode < 200 || res.statusCode >= 300) {
      res.resume();
      throw new CameraError('HTTP_ERROR', `camera answered HTTP ${res.statusCode}`);
    }
    return res;
  }

  #authorization(url: URL): string | undefined {
    if (!this.credentials || !this.#scheme) return undefined;
    const { username, password } = this.credentials;
    if (this.#scheme.kind === 'basic')
      return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    this.#scheme.nc += 1;
    return digestAuthorization(this.#scheme.challenge, {
      method: 'GET',
      uri: url.pathname + url.search,
      username,
      password,
      nc: this.#scheme.nc,
    });
  }

  #request(urlText: string, opts: { signal: AbortSignal; accept?: string }): Promise<IncomingMessage> {
    const url = new URL(urlText);
    const mod = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { accept: opts.accept ?? 'image/jpeg' };
    const auth = this.#authorization(url);
    if (auth) headers.authorization = auth;
    return new Promise((resolve, reject) => {
      if (opts.signal.aborted) return reject(abortError(opts.signal));
      const req = mod.get(url, { headers, signal: opts.signal }, resolve);
      req.on('error', (e) => reject(mapError(e, opts.signal)));
    });
  }
}

export function abortError(signal: AbortSignal): CameraError {
  const reason = signal.reason as { name?: string } | undefined;
  return reason?.name === 'TimeoutError'
    ? new CameraError('TIMEOUT', 'camera did not answer in time', { cause: reason })
    : new CameraError('DISCONNECTED', 'capture aborted', { cause: reason });
}

export function mapError(e: unknown, signal: AbortSignal): CameraError {
  if (e instanceof CameraError) return e;
  if (signal.aborted) return abortError(signal);
  const code = (e as { code?: string }).code ?? '';
  return new CameraError('DISCONNECTED', `camera connection failed: ${code || (e as Error).message}`, {
    cause: e,
  });
}

/** Reads a whole body (bounded), failing with the signal's reason if it fires meanwhile. */
export async function readBody(
  res: IncomingMessage,
  signal: AbortSignal,
  maxBytes = 20 * 1024 * 1024,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new CameraError('BAD_IMAGE', `snapshot larger than ${maxBytes} bytes`);
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    throw mapError(e, signal);
  }
  if (!res.complete) throw new CameraError('DISCONNECTED', 'camera closed the connection mid-image');
  return Buffer.concat(chunks);
}
