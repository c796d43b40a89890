export {
  startCameraEmulator,
  FaultRequest,
  type CameraEmulator,
  type CameraEmulatorOptions,
  type FaultName,
} from './camera-emulator.js';
export { FrameSource } from './frame-source.js';
