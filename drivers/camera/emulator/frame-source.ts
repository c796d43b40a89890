import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { EventEmitter } from 'node:events';
import { extname } from 'node:path';
import { MjpegParser } from '../mjpeg-parser.js';

export interface FrameSourceOptions {
  /** A picture (jpg/png/bmp: looped) or a video (looped); the ffmpeg test pattern when absent. */
  picture?: string;
  width?: number;
  height?: number;
  fps?: number;
  ffmpegPath?: string;
}

const PICTURE = new Set(['.jpg', '.jpeg', '.png', '.bmp', '.ppm', '.webp']);

/**
 * ONE long-running ffmpeg writing MJPEG to its stdout; the latest frame is kept for snapshots and
 * every new frame is announced for streams. (Spawning ffmpeg per snapshot costs ~100 ms.)
 */
export class FrameSource extends EventEmitter<{ frame: [Buffer]; exit: [string] }> {
  #child: ChildProcessByStdio<null, Readable, Readable> | null = null;
  #latest: Buffer | null = null;
  #frames = 0;
  #stderr = '';

  constructor(private readonly opts: FrameSourceOptions = {}) {
    super();
  }

  args(): string[] {
    const { width = 640, height = 480, fps = 10, picture } = this.opts;
    const fit = `scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=white`;
    const input = !picture
      ? ['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`]
      : PICTURE.has(extname(picture).toLowerCase())
        ? ['-loop', '1', '-framerate', String(fps), '-i', picture, '-vf', fit]
        : ['-stream_loop', '-1', '-i', picture, '-vf', `${fit},fps=${fps}`];
    return ['-hide_banner', '-loglevel', 'error', '-re', ...input, '-f', 'mjpeg', '-q:v', '4', 'pipe:1'];
  }

  async start(timeoutMs = 10_000): Promise<void> {
    const parser = new MjpegParser();
    const child = spawn(this.opts.ffmpegPath ?? 'ffmpeg', this.args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    child.stdout.on('data', (chunk: Buffer) => {
      for (const f of parser.push(chunk)) {
        this.#latest = f;
        this.#frames += 1;
        this.emit('frame', f);
      }
    });
    child.stderr.on('data', (d: Buffer) => (this.#stderr = (this.#stderr + d.toString()).slice(-2000)));
    child.on('exit', (code, sig) => {
      this.#child = null;
      this.emit('exit', `ffmpeg exited ${code ?? sig}: ${this.#stderr.trim()}`);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame from ffmpeg in ${timeoutMs} ms`)), timeoutMs);
      const fail = (why: string | Error): void => {
        clearTimeout(timer);
        reject(why instanceof Error ? why : new Error(why));
      };
      child.once('error', fail);
      this.once('exit', fail);
      this.once('frame', () => {
        clearTimeout(timer);
        this.off('exit', fail);
        resolve();
      });
    });
  }

  latest(): Buffer | null {
    return this.#latest;
  }

  frames(): number {
    return this.#frames;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
  }
}
