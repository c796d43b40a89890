/** The one way the pages talk to the gateway: JSON over /api/v1, errors as problem+json with a code. */
export const API = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Field-level refusals (422 FIELDS_INVALID): which field, which code. */
  readonly fieldErrors: { field: string; code: string }[] | undefined;
  constructor(
    status: number,
    code: string,
    message: string,
    fieldErrors?: { field: string; code: string }[],
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();
/** Called when a call answers 401 (the session expired): the shell goes back to the login page. */
export function onUnauthorized(fn: Listener): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(API + path, init);
  } catch {
    throw new ApiError(0, 'NETWORK', 'gateway unreachable');
  }
  return readReply<T>(res, path);
}

export async function readReply<T>(res: Response, path: string): Promise<T> {
  if (res.status === 401 && path !== '/session') unauthorizedListeners.forEach((l) => l());
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const p = (data ?? {}) as {
      code?: string;
      detail?: string;
      title?: string;
      message?: string;
      errors?: { field: string; code: string }[];
    };
    throw new ApiError(
      res.status,
      p.code ?? `HTTP_${res.status}`,
      p.detail ?? p.message ?? p.title ?? res.statusText,
      Array.isArray(p.errors) ? p.errors : undefined,
    );
  }
  return data as T;
}
