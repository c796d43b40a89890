/**
 * What the technician's console may send to an Evolis printer. The console reads; it never
 * moves, prints on, encodes or reconfigures a card or the printer: those go through the station's
 * actions (test card, cleaning, eject, reject), which the stock books account for. Vendor
 * knowledge: the command families of the Evolis programming guide (see printer-protocol.md).
 */
export type ConsoleCommandKind =
  'read' | 'harmless' | 'movement' | 'printing' | 'parameter' | 'encoding' | 'firmware' | 'unknown';

export type ConsoleVerdict =
  | { allowed: true; kind: 'read' | 'harmless'; name: string }
  | { allowed: false; kind: Exclude<ConsoleCommandKind, 'read' | 'harmless'>; name: string; reason: string };

/**
 * Commands outside the read family known to change nothing a station keeps books about. Kept
 * deliberately short: a command joins only with evidence that it moves no card and changes no
 * setting. (None yet: every non-read command in the guide moves, prints or configures.)
 */
export const HARMLESS_COMMANDS: ReadonlySet<string> = new Set<string>([]);

const REFUSED: Record<string, { kind: Exclude<ConsoleCommandKind, 'read' | 'harmless'>; reason: string }> = {
  S: {
    kind: 'movement',
    reason: 'moves, prints or ejects a card outside the stock books; use the station actions',
  },
  D: { kind: 'printing', reason: 'downloads bitmap data: only the driver sends print jobs' },
  P: {
    kind: 'parameter',
    reason: 'changes a printer setting (ribbon, card source, framing, port, reply mode)',
  },
  M: { kind: 'encoding', reason: 'reads or writes a magnetic stripe: only the issuance job encodes cards' },
  F: { kind: 'firmware', reason: 'firmware commands are refused on the console' },
  U: { kind: 'firmware', reason: 'firmware commands are refused on the console' },
};

/** Classify one console line (`Rfv`, `Rco;l`, `Ser`, with or without the leading ESC). */
export function classifyConsoleCommand(line: string): ConsoleVerdict {
  const text = line.startsWith('\x1b') ? line.slice(1) : line;
  const name = /^[A-Za-z]{0,8}/.exec(text)![0];
  if (!/^[A-Z][a-z]{1,7}$/.test(name)) {
    return { allowed: false, kind: 'unknown', name, reason: 'not an Evolis command name' };
  }
  // The guide's reads are R + lower-case letters; they answer state and move nothing.
  if (name.startsWith('R')) return { allowed: true, kind: 'read', name };
  if (HARMLESS_COMMANDS.has(name)) return { allowed: true, kind: 'harmless', name };
  const family = REFUSED[name[0]!];
  if (family) return { allowed: false, name, ...family };
  return { allowed: false, kind: 'unknown', name, reason: 'not a known read command' };
}

/**
 * Commands that change how the driver and the printer talk (framing characters, reply mode,
 * serial port) or carry binary data: sent by hand they leave the link unusable (a `Psc` makes
 * every later frame unreadable, a `Db` without data swallows the commands that follow).
 */
const LINK_COMMANDS: ReadonlySet<string> = new Set(['Psc', 'Pem', 'Pcom', 'Db', 'Dbc']);

export function isLinkCommand(name: string): boolean {
  return LINK_COMMANDS.has(name);
}

/** The console was refused: a job holds the printer (a card inside or an operation running). */
export class ConsoleBusyError extends Error {
  readonly code = 'CONSOLE_PRINTER_BUSY';
  constructor(message: string) {
    super(message);
    this.name = 'ConsoleBusyError';
  }
}

/** The console line is not one the driver will send. */
export class ConsoleRefusedError extends Error {
  readonly code = 'CONSOLE_COMMAND_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'ConsoleRefusedError';
  }
}
