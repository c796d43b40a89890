/** Builds `ESC name;p1;p2 CR` frames; bitmap frames carry binary data framed by length. */
export const ESC = 0x1b;
export const CR = 0x0d;

export class FramingError extends Error {
  readonly code = 'FRAMING';
}

const TEXT_OK = /^[\x20-\x7e]*$/;

export function frameCommand(name: string, ...params: (string | number)[]): Buffer {
  if (!/^[A-Za-z]{1,8}$/.test(name)) throw new FramingError(`not a command name: ${JSON.stringify(name)}`);
  const parts = params.map(String);
  for (const p of parts) {
    if (!TEXT_OK.test(p) || p.includes(';'))
      throw new FramingError(`bad parameter ${JSON.stringify(p)} for ${name}`);
  }
  return Buffer.from(`\x1b${[name, ...parts].join(';')}\r`, 'latin1');
}

/** A technician's console line (`Rfv`, `Pr;ymcko`, with or without the leading ESC). */
export function frameRaw(line: string): Buffer {
  const text = (line.startsWith('\x1b') ? line.slice(1) : line).replace(/\r?\n?$/, '');
  const [name = '', ...params] = text.split(';');
  return frameCommand(name, ...params);
}

/** `Db;panel;levels;data CR` or `Dbc;panel;levels;n;data CR`, as header + data + trailer. */
export function frameBitmap(
  panel: string,
  levels: number,
  data: Uint8Array,
  compressed: boolean,
): { header: Buffer; data: Uint8Array; trailer: Buffer; length: number } {
  const header = Buffer.from(
    compressed ? `\x1bDbc;${panel};${levels};${data.length};` : `\x1bDb;${panel};${levels};`,
    'latin1',
  );
  const trailer = Buffer.from([CR]);
  return { header, data, trailer, length: header.length + data.length + 1 };
}
