export * from './interface.js';
export type { CameraConfig } from './camera-config.js';
export { createCamera, type CreateCameraDeps } from './create-camera.js';
export { createHttpCamera } from './http-camera.js';
export { createV4l2Camera } from './v4l2-camera.js';
export { jpegInfo } from './jpeg-info.js';
