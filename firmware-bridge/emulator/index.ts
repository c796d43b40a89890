export { startBoardEmulator } from './board-emulator.js';
export type {
  BoardEmulator,
  BoardEmulatorOptions,
  BoardEmulatorState,
  EmulatedInputs,
} from './board-emulator.js';
export { startControlServer, applyInputsJson, InputsPatch } from './control.js';
export { startEmulatedBoardLink, type EmulatedBoardLink, type BoardLineKind } from './board-link.js';
export { startPtyBoardLink, type PtyBoardLink } from './pty-link.js';
export { createMemoryLine, type MemoryLine } from './memory-line.js';
