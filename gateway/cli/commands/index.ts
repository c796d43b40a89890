import type { CommandModule } from '../command-module.js';
import * as start from './start.js';
import * as config from './config.js';
import * as user from './user.js';
import * as printerEmulator from './printer-emulator.js';
import * as print from './print.js';
import * as printer from './printer.js';
import * as mrz from './mrz.js';
import * as render from './render.js';
import * as seal from './seal.js';
import * as card from './card.js';
import * as encoderEmulator from './encoder-emulator.js';
import * as issue from './issue.js';
import * as audit from './audit.js';
import * as fleet from './fleet.js';
import * as command from './command.js';
import * as boardEmulator from './board-emulator.js';
import * as cameraEmulator from './camera-emulator.js';
import * as pki from './pki.js';
import * as hq from './hq.js';
import * as enrol from './enrol.js';
import * as demo from './demo.js';

// Command files must import their heavy dependencies inside their actions, not at the top.
export const commandModules: CommandModule[] = [
  start,
  config,
  user,
  issue,
  mrz,
  render,
  seal,
  card,
  print,
  printer,
  printerEmulator,
  encoderEmulator,
  boardEmulator,
  cameraEmulator,
  audit,
  fleet,
  command,
  enrol,
  hq,
  pki,
  demo,
];
