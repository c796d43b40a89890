export { startPrinterEmulator, type PrinterEmulator, type PrinterEmulatorOptions } from './server.js';
export { parseFault, FAULT_NAMES, type EmulatorFault } from './faults.js';
export { YMCKO_TIMING, scaledTiming, type PrintTiming } from './timing.js';
