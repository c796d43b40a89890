export { startPrinterEmulator, type PrinterEmulator, type PrinterEmulatorOptions } from './server.js';
export { parseFault, FAULT_NAMES, type EmulatorFault } from './faults.js';
