/**
 * One camera as the driver needs it. The gateway's config entry (gateway/config/sections/
 * cameras.ts) has this shape; it is restated here because drivers never import the gateway.
 */
export interface CameraConfig {
  id: string;
  kind: 'http' | 'v4l2' | 'emulator';
  /** Snapshot URL (http) or device path (v4l2). */
  url?: string;
  mjpegUrl?: string;
  username?: string;
  password?: string;
  timeoutMs: number;
}
