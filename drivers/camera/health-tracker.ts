import type { EventEmitter } from 'node:events';
import type { CameraError, CameraHealth, CapturedFrame } from './interface.js';

/** Keeps a camera's health and tells listeners only when something a person would see changed. */
export class HealthTracker {
  #health: CameraHealth = { online: false, lastFrameAt: null, width: null, height: null, lastError: null };

  constructor(private readonly emitter: EventEmitter<{ health: [CameraHealth] }>) {}

  get(): CameraHealth {
    return { ...this.#health, lastError: this.#health.lastError && { ...this.#health.lastError } };
  }

  frame(f: CapturedFrame): void {
    const changed =
      !this.#health.online ||
      this.#health.width !== f.width ||
      this.#health.height !== f.height ||
      this.#health.lastError;
    this.#health = {
      online: true,
      lastFrameAt: f.capturedAt,
      width: f.width,
      height: f.height,
      lastError: null,
    };
    if (changed) this.emitter.emit('health', this.get());
  }

  error(e: CameraError): void {
    const changed = this.#health.online || this.#health.lastError?.code !== e.code;
    this.#health = { ...this.#health, online: false, lastError: { code: e.code, message: e.message } };
    if (changed) this.emitter.emit('health', this.get());
  }
}
