import type { EventEmitter } from 'node:events';

export type CameraErrorCode =
  'TIMEOUT' | 'UNAUTHORIZED' | 'BAD_IMAGE' | 'DISCONNECTED' | 'HTTP_ERROR' | 'UNAVAILABLE';

export class CameraError extends Error {
  readonly code: CameraErrorCode;
  constructor(code: CameraErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CameraError';
    this.code = code;
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
