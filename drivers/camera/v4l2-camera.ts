import { EventEmitter } from 'node:events';
import { spawn as nodeSpawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { CameraError, type Camera, type CameraHealth, type CapturedFrame } from './interface.js';
import type { CameraConfig } from './camera-config.js';
import { jpegInfo } from './jpeg-info.js';
import { HealthTracker } from './health-tracker.js';

type FfmpegProcess = ChildProcessByStdio<null, Readable, Readable>;

export type SpawnFn = (cmd: string, args: string[]) => FfmpegProcess;

export interface V4l2CameraOptions {
  ffmpegPath?: string;
  /** Requested capture size; the driver picks the nearest the camera offers. */
  size?: string;
  spawn?: SpawnFn;
  clock?: { now(): number };
}

/**
 * A USB camera through V4L2, one ffmpeg run per capture:
 * `ffmpeg -f v4l2 -video_size 1280x720 -i /dev/videoN -frames:v 1 -f mjpeg pipe:1`.
 * A missing device node answers UNAVAILABLE at once, without starting ffmpeg.
 */
export function createV4l2Camera(cfg: CameraConfig, opts: V4l2CameraOptions = {}): Camera {
  const device = cfg.url ?? '/dev/video0';
  const ffmpeg = opts.ffmpegPath ?? 'ffmpeg';
  const spawn: SpawnFn =
    opts.spawn ?? ((cmd, args) => nodeSpawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  const clock = opts.clock ?? { now: () => Date.now() };
  const emitter = new EventEmitter<{ health: [CameraHealth] }>();
  const health = new HealthTracker(emitter);
  const running = new Set<FfmpegProcess>();
  let closed = false;

  const grab = async (signal: AbortSignal): Promise<CapturedFrame> => {
    try {
      await access(device, constants.R_OK);
    } catch {
      throw new CameraError('UNAVAILABLE', `no V4L2 device at ${device}`);
    }
    const args = ['-hide_banner', '-loglevel', 'error', '-f', 'v4l2'];
    if (opts.size) args.push('-video_size', opts.size);
    args.push('-i', device, '-frames:v', '1', '-f', 'mjpeg', 'pipe:1');
    let child: FfmpegProcess;
    try {
      child = spawn(ffmpeg, args);
    } catch (e) {
      throw new CameraError('UNAVAILABLE', `cannot start ${ffmpeg}`, { cause: e });
    }
    running.add(child);
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    try {
      const code = await new Promise<number | null>((resolve, reject) => {
        const onAbort = (): void => {
          child.kill('SIGKILL');
          reject(
            (signal.reason as { name?: string })?.name === 'TimeoutError'
              ? new CameraError('TIMEOUT', `no frame from ${device} in ${cfg.timeoutMs} ms`)
              : new CameraError('DISCONNECTED', 'capture aborted'),
          );
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        child.once('error', (e) => {
          signal.removeEventListener('abort', onAbort);
          reject(new CameraError('UNAVAILABLE', `cannot run ${ffmpeg}: ${e.message}`, { cause: e }));
        });
        child.once('close', (c) => {
          signal.removeEventListener('abort', onAbort);
          resolve(c);
        });
      });
      if (code !== 0) {
        const busy = /busy/i.test(err);
        throw new CameraError(
          busy ? 'UNAVAILABLE' : 'DISCONNECTED',
          `ffmpeg exited ${code}: ${err.trim().split('\n').pop() ?? ''}`,
        );
      }
    } finally {
      running.delete(child);
    }
    const jpeg = Buffer.concat(out);
    const info = jpegInfo(jpeg);
    if (!info) throw new CameraError('BAD_IMAGE', `ffmpeg returned ${jpeg.length} bytes that are not a JPEG`);
    return { jpeg: new Uint8Array(jpeg), width: info.width, height: info.height, capturedAt: clock.now() };
  };

  return Object.assign(emitter, {
    id: cfg.id,
    driver: 'v4l2',
    async capture(o: { signal?: AbortSignal } = {}): Promise<CapturedFrame> {
      if (closed) throw new CameraError('UNAVAILABLE', 'camera closed');
      const timeout = AbortSignal.timeout(cfg.timeoutMs);
      const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
      try {
        const f = await grab(signal);
        health.frame(f);
        return f;
      } catch (e) {
        const err = e instanceof CameraError ? e : new CameraError('UNAVAILABLE', String(e), { cause: e });
        health.error(err);
        throw err;
      }
    },
    health: () => health.get(),
    async close() {
      closed = true;
      for (const c of running) c.kill('SIGKILL');
    },
  });
}
