import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CardgateError } from '../../core/errors.js';

/**
 * A small JSON client for the station's API, for `cardgate issue`. Logs in with a name and
 * password (session cookie) or uses a bearer token; `insecure` accepts the station's self-signed
 * certificate.
 */
export interface ApiClientOptions {
  server: string;
  user?: string | undefined;
  password?: string | undefined;
  token?: string | undefined;
  insecure?: boolean | undefined;
}

export interface ApiClient {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function connectApi(opts: ApiClientOptions): Promise<ApiClient> {
  let base: URL;
  try {
    base = new URL(opts.server);
  } catch {
    throw new CardgateError('SERVER_URL_INVALID', `not a URL: ${opts.server}`, { status: 400 });
  }
  if (!opts.token && !(opts.user && opts.password)) {
    throw new CardgateError('CREDENTIALS_REQUIRED', 'give --token, or --user and --password', {
      status: 400,
    });
  }
  let cookie: string | null = null;

  const raw = (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> =>
    new Promise((resolve, reject) => {
      const url = new URL(`/api/v1${path}`, base);
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers: Record<string, string> = { accept: 'application/json' };
      if (payload) headers['content-type'] = 'application/json';
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (cookie) headers.cookie = cookie;
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        {
          method,
          headers,
          ...(url.protocol === 'https:' && opts.insecure ? { rejectUnauthorized: false } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', (e) =>
        reject(
          new CardgateError('SERVER_UNREACHABLE', `${url.origin}: ${e.message}`, { status: 503, cause: e }),
        ),
      );
      req.end(payload);
    });

  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await raw(method, path, body);
    let json: unknown = null;
    try {
      json = r.text ? JSON.parse(r.text) : null;
    } catch {
      json = null;
    }
    if (r.status >= 400) {
      const p = (json ?? {}) as { code?: string; detail?: string; title?: string };
      throw new CardgateError(
        p.code ?? `HTTP_${r.status}`,
        p.detail ?? p.title ?? `${method} ${path} answered ${r.status}`,
        {
          status: r.status,
        },
      );
    }
    return json as T;
  };

  if (!opts.token) {
    const r = await raw('POST', '/session', { name: opts.user, password: opts.password });
    if (r.status >= 400) {
      throw new CardgateError('LOGIN_FAILED', `login as ${opts.user} refused (${r.status})`, { status: 400 });
    }
    const set = r.headers['set-cookie'];
    const line = (Array.isArray(set) ? set : set ? [set] : []).find((c) => c.startsWith('cardgate_session='));
    if (!line) throw new CardgateError('LOGIN_FAILED', 'the station gave no session cookie', { status: 502 });
    cookie = line.split(';')[0]!;
  }
  return { call };
}
