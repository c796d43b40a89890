import type { Camera } from './interface.js';
import type { CameraConfig } from './camera-config.js';
import { createHttpCamera, type HttpCameraOptions } from './http-camera.js';
import { createV4l2Camera, type V4l2CameraOptions } from './v4l2-camera.js';

export interface CreateCameraDeps {
  http?: HttpCameraOptions;
  v4l2?: V4l2CameraOptions;
}

/** One camera from its config entry; 'emulator' is the HTTP camera emulator, driven as any network camera. */
export function createCamera(entry: CameraConfig, deps: CreateCameraDeps = {}): Camera {
  switch (entry.kind) {
    case 'http':
    case 'emulator':
      return createHttpCamera(entry, deps.http);
    case 'v4l2':
      return createV4l2Camera(entry, deps.v4l2);
  }
}
