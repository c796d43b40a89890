import { spawn, execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CardgateError } from '../core/errors.js';
import { languageOf } from './languages.js';

const MAX_TEXT = 4000;

/**
 * Spoken audio with espeak-ng, made offline on first use and cached by a hash of voice and text
 * in `<dataDir>/speech/` (WAV: espeak-ng writes it itself, and a page's paragraph is a few
 * hundred kilobytes at most, so no ffmpeg step on the appliance). Text goes in on stdin, never
 * in argv. One synthesis per text at a time; a second request waits for the first.
 */
export class Speech {
  #voices: Promise<Set<string>> | null = null;
  readonly #running = new Map<string, Promise<string>>();

  constructor(
    readonly cacheDir: string,
    private readonly enabled: boolean,
    private readonly binary = 'espeak-ng',
  ) {}

  /** espeak-ng's installed voices (empty when it is missing). */
  voices(): Promise<Set<string>> {
    this.#voices ??= new Promise((resolve) => {
      if (!this.enabled) return resolve(new Set());
      execFile(this.binary, ['--voices'], { timeout: 10_000 }, (err, stdout) => {
        if (err) return resolve(new Set());
        const names = stdout
          .split('\n')
          .slice(1)
          .map((l) => l.trim().split(/\s+/)[1])
          .filter((v): v is string => !!v);
        resolve(new Set(names));
      });
    });
    return this.#voices;
  }

  /** The voice for a kiosk language, if espeak-ng has it here. */
  async voiceFor(lang: string): Promise<string | null> {
    const v = languageOf(lang)?.voice;
    if (!v) return null;
    return (await this.voices()).has(v) ? v : null;
  }

  /** Path of a WAV file speaking `text` in `lang` (made now or taken from the cache). */
  async wav(lang: string, text: string): Promise<string> {
    const voice = await this.voiceFor(lang);
    if (!voice) {
      if (!this.enabled || (await this.voices()).size === 0)
        throw new CardgateError('SPEECH_UNAVAILABLE', 'espeak-ng is not available', { status: 503 });
      throw new CardgateError('SPEECH_LANGUAGE_UNSUPPORTED', `no espeak-ng voice for ${lang}`, {
        status: 404,
      });
    }
    const clean = text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
    const key = createHash('sha256').update(`${voice}\0${clean}`).digest('hex');
    const file = join(this.cacheDir, `${key}.wav`);
    if (existsSync(file)) return file;
    let job = this.#running.get(key);
    if (!job) {
      job = this.#make(voice, clean, file).finally(() => this.#running.delete(key));
      this.#running.set(key, job);
    }
    return job;
  }

  async #make(voice: string, text: string, file: string): Promise<string> {
    await mkdir(this.cacheDir, { recursive: true });
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await new Promise<void>((resolve, reject) => {
        const p = spawn(this.binary, ['-v', voice, '-s', '150', '-w', tmp, '--stdin'], {
          stdio: ['pipe', 'ignore', 'pipe'],
        });
        let err = '';
        p.stderr.on('data', (b: Buffer) => (err += b.toString()));
        p.on('error', reject);
        p.on('close', (code) =>
          code === 0 ? resolve() : reject(new Error(`espeak-ng exited ${code}: ${err.slice(0, 200)}`)),
        );
        p.stdin.end(text);
      });
      if ((await stat(tmp)).size <= 44) throw new Error('espeak-ng wrote no audio');
      await rename(tmp, file);
      return file;
    } catch (e) {
      await rm(tmp, { force: true });
      throw new CardgateError('SPEECH_UNAVAILABLE', `speech failed: ${(e as Error).message}`, {
        status: 503,
      });
    }
  }
}
