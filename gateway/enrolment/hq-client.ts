import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HqResponse {
  status: number;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
}

export interface HqClientOptions {
  /** PEM of the CA that signed HQ's TLS certificate (a private CA); the system CAs otherwise. */
  tlsCa?: string;
  timeoutMs?: number;
}

/**
 * POSTs JSON to HQ over node:http(s) (not fetch: a private CA for HQ's TLS certificate is given
 * per request here). Rejects on a transport failure only; any HTTP status resolves.
 */
export function postJson(url: string, body: unknown, o: HqClientOptions = {}): Promise<HqResponse> {
  const u = new URL(url);
  const data = Buffer.from(JSON.stringify(body), 'utf8');
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': data.length,
          accept: 'application/json',
        },
        timeout: o.timeoutMs ?? 30_000,
        ...(o.tlsCa ? { ca: o.tlsCa } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer from ${u.origin} within ${o.timeoutMs ?? 30_000} ms`)),
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** The code and detail of a problem+json answer, when it is one. */
export function problemOf(body: unknown): { code: string; detail: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { code?: unknown; detail?: unknown; message?: unknown };
  if (typeof b.code !== 'string') return undefined;
  return { code: b.code, detail: String(b.detail ?? b.message ?? '') };
}

/** `<hq base URL>/api/v1/<path>`, keeping a path the base URL has (HQ behind a proxy prefix). */
export function hqEndpoint(base: string, path: string): string {
  return new URL(`api/v1/${path}`, base.endsWith('/') ? base : `${base}/`).toString();
}
