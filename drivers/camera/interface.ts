import type { EventEmitter } from 'node:events';
import { DeviceError } from '../device/errors.js';

/** Every error a camera driver reports; the catalogue knows each as `CAMERA_<code>`. */
export const CAMERA_ERROR_CODES = [
  'TIMEOUT',
  'UNAUTHORIZED',
  'BAD_IMAGE',
  'DISCONNECTED',
  'HTTP_ERROR',
  'UNAVAILABLE',
] as const;
export type CameraErrorCode = (typeof CAMERA_ERROR_CODES)[number];

export class CameraError extends DeviceError<CameraErrorCode> {
  constructor(code: CameraErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super('camera', code, message, opts);
    this.name = 'CameraError';
  }
}

export interface CapturedFrame {
  jpeg: Uint8Array;
  width: number;
  height: number;
  capturedAt: number;
}

export interface CameraHealth {
  online: boolean;
  lastFrameAt: number | null;
  width: number | null;
  height: number | null;
  lastError: { code: CameraErrorCode; message: string } | null;
}

export interface Camera extends EventEmitter<{ health: [CameraHealth] }> {
  readonly id: string;
  readonly driver: string; // 'http' | 'v4l2'
  capture(opts?: { signal?: AbortSignal }): Promise<CapturedFrame>;
  health(): CameraHealth;
  close(): Promise<void>;
}
