import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { CameraError, type Camera, type CameraHealth, type CapturedFrame } from './interface.js';
import type { CameraConfig } from './camera-config.js';
import { CameraHttpClient, abortError, mapError, readBody } from './http-client.js';
import { MjpegParser } from './mjpeg-parser.js';
import { jpegInfo } from './jpeg-info.js';
import { HealthTracker } from './health-tracker.js';

export interface HttpCameraOptions {
  clock?: { now(): number };
  /** A stream frame older than this is not handed out as a fresh capture. */
  maxFrameAgeMs?: number;
  /** Wait before reopening a dropped MJPEG stream (doubles up to 10 s while it keeps failing). */
  reconnectMs?: number;
}

/**
 * A network camera: a snapshot URL when configured (one GET per capture), otherwise the latest
 * frame of its MJPEG stream, which stays open and reopens by itself when it drops.
 */
export function createHttpCamera(cfg: CameraConfig, opts: HttpCameraOptions = {}): Camera {
  if (!cfg.url && !cfg.mjpegUrl)
    throw new CameraError('UNAVAILABLE', `camera ${cfg.id}: neither url nor mjpegUrl set`);
  const clock = opts.clock ?? { now: () => Date.now() };
  const maxAge = opts.maxFrameAgeMs ?? 1000;
  const baseReconnect = opts.reconnectMs ?? 500;
  const client = new CameraHttpClient(
    cfg.username !== undefined ? { username: cfg.username, password: cfg.password ?? '' } : null,
  );
  const emitter = new EventEmitter<{ health: [CameraHealth] }>();
  const health = new HealthTracker(emitter);
  let closed = false;

  const toFrame = (jpeg: Buffer): CapturedFrame => {
    const info = jpegInfo(jpeg);
    if (!info)
      throw new CameraError('BAD_IMAGE', `camera sent ${jpeg.length} bytes that are not a whole JPEG`);
    return { jpeg: new Uint8Array(jpeg), width: info.width, height: info.height, capturedAt: clock.now() };
  };

  // ---- snapshot ----
  const snapshot = async (signal: AbortSignal): Promise<CapturedFrame> => {
    const res = await client.get(cfg.url!, { signal });
    const type = String(res.headers['content-type'] ?? 'image/jpeg');
    if (!/jpe?g|octet-stream/i.test(type)) {
      res.resume();
      throw new CameraError('BAD_IMAGE', `camera sent ${type}, not a JPEG`);
    }
    return toFrame(await readBody(res, signal));
  };

  // ---- MJPEG stream ----
  let latest: CapturedFrame | null = null;
  let streamError: CameraError | null = null;
  let stream: { res: IncomingMessage | null; ctrl: AbortController } | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  const waiters = new Set<(f: CapturedFrame | CameraError) => void>();

  const deliver = (f: CapturedFrame | CameraError): void => {
    for (const w of waiters) w(f);
    waiters.clear();
  };

  const openStream = (): void => {
    if (closed || stream) return;
    const ctrl = new AbortController();
    stream = { res: null, ctrl };
    const parser = new MjpegParser();
    const connectTimer = setTimeout(
      () => ctrl.abort(new DOMException('timeout', 'TimeoutError')),
      cfg.timeoutMs,
    );
    client
      .get(cfg.mjpegUrl!, { signal: ctrl.signal, accept: 'multipart/x-mixed-replace' })
      .then((res) => {
        clearTimeout(connectTimer);
        if (!stream || stream.ctrl !== ctrl) return void res.destroy();
        stream.res = res;
        res.on('data', (chunk: Buffer) => {
          for (const jpeg of parser.push(chunk)) {
            try {
              latest = toFrame(jpeg);
              failures = 0;
              streamError = null;
              health.frame(latest);
              deliver(latest);
            } catch (e) {
              streamError = e as CameraError;
              health.error(streamError);
              deliver(streamError);
            }
          }
        });
        res.on('error', () => {});
        res.on('close', () => dropStream(ctrl, new CameraError('DISCONNECTED', 'MJPEG stream ended')));
      })
      .catch((e: unknown) => {
        clearTimeout(connectTimer);
        dropStream(ctrl, mapError(e, ctrl.signal));
      });
  };

  const dropStream = (ctrl: AbortController, err: CameraError): void => {
    if (!stream || stream.ctrl !== ctrl) return;
    stream = null;
    latest = null; // a frame from a dead stream is no longer what the camera sees
    ctrl.abort();
    if (closed) return;
    streamError = err;
    health.error(err);
    deliver(err);
    failures += 1;
    const wait = Math.min(10_000, baseReconnect * 2 ** Math.min(failures - 1, 5));
    retryTimer = setTimeout(() => {
      retryTimer = null;
      openStream();
    }, wait);
  };

  const fromStream = (signal: AbortSignal): Promise<CapturedFrame> => {
    if (latest && clock.now() - latest.capturedAt <= maxAge) return Promise.resolve(latest);
    openStream();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        waiters.delete(waiter);
        // Name what went wrong with the stream when there is something to name.
        reject(signal.reason?.name === 'TimeoutError' && streamError ? streamError : abortError(signal));
      };
      const waiter = (f: CapturedFrame | CameraError): void => {
        if (f instanceof CameraError) return; // keep waiting: the stream reconnects until the time-out
        signal.removeEventListener('abort', onAbort);
        resolve(f);
      };
      if (signal.aborted) return onAbort();
      waiters.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };

  return Object.assign(emitter, {
    id: cfg.id,
    driver: 'http',
    async capture(o: { signal?: AbortSignal } = {}): Promise<CapturedFrame> {
      if (closed) throw new CameraError('UNAVAILABLE', 'camera closed');
      const timeout = AbortSignal.timeout(cfg.timeoutMs);
      const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
      try {
        const frame = cfg.url ? await snapshot(signal) : await fromStream(signal);
        health.frame(frame);
        return frame;
      } catch (e) {
        const err = mapError(e, signal);
        health.error(err);
        throw err;
      }
    },
    health: () => health.get(),
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (stream) {
        stream.ctrl.abort();
        stream.res?.destroy();
        stream = null;
      }
      deliver(new CameraError('UNAVAILABLE', 'camera closed'));
    },
  });
}
