export { startBoardEmulator } from './board-emulator.js';
export type {
  BoardEmulator,
  BoardEmulatorOptions,
  BoardEmulatorState,
  EmulatedInputs,
} from './board-emulator.js';
export { startControlServer, applyInputsJson, InputsPatch } from './control.js';
export { startEmulatedBoardLink, type EmulatedBoardLink } from './pty-link.js';
