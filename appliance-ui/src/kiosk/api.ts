/** JSON over /api/v1 for the kiosk pages (no login; the applicant screen's cookie rides along). */
export class KioskError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function kioskApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new KioskError(0, 'NETWORK', 'station unreachable');
  }
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; detail?: string };
    throw new KioskError(res.status, p.code ?? `HTTP_${res.status}`, p.detail ?? res.statusText);
  }
  return data as T;
}
