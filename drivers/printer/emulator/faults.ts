import type { PanelPoint } from './history.js';

/**
 * Faults the emulator can be told to produce (CLI `--fault` and the control endpoint), now or,
 * with `when`, as that panel of the next job starts downloading (a fault at an exact point of a
 * job, with no race against the printing).
 */
export type EmulatorFault = (
  | { fault: 'cover-open' }
  | { fault: 'feeder-empty' }
  | { fault: 'ribbon-ended' }
  | { fault: 'ribbon-missing' }
  | { fault: 'need-cleaning' }
  /** Jam when this panel (of this side, or any side) arrives. */
  | { fault: 'jam'; panel: string; side?: 'front' | 'back' }
  /** Drop the connection when this panel arrives (or at the next command). */
  | { fault: 'disconnect'; panel?: string }
  /** The next `count` replies are unreadable bytes. */
  | { fault: 'garbage'; count?: number }
  /** The next `count` replies come `ms` late. */
  | { fault: 'slow'; ms: number; count?: number }
) & { when?: PanelPoint };

export const FAULT_NAMES = [
  'cover-open',
  'feeder-empty',
  'ribbon-ended',
  'ribbon-missing',
  'need-cleaning',
  'jam',
  'disconnect',
  'garbage',
  'slow',
] as const;

export class EmulatorFaultError extends Error {
  readonly code = 'EMULATOR_FAULT_INVALID';
}

/**
 * Parse a validated JSON body or a CLI form `name[:arg[:arg]][@[side:]panel]` (`jam:m`,
 * `jam:k:back`, `slow:2000:1`, `cover-open@front:m`).
 */
export function parseFault(input: unknown): EmulatorFault {
  if (typeof input === 'string') {
    const [spec = '', at] = input.split('@');
    const [name = '', a, b] = spec.split(':');
    const obj: Record<string, unknown> = { fault: name };
    if (at !== undefined) {
      const [x = '', y] = at.split(':');
      obj.when = y === undefined ? { panel: x } : { side: x, panel: y };
    }
    if (name === 'jam') Object.assign(obj, { panel: a, ...(b ? { side: b } : {}) });
    if (name === 'disconnect' && a) obj.panel = a;
    if (name === 'garbage' && a) obj.count = Number(a);
    if (name === 'slow') Object.assign(obj, { ms: Number(a ?? 1000), ...(b ? { count: Number(b) } : {}) });
    return parseFault(obj);
  }
  if (typeof input !== 'object' || input === null) throw new EmulatorFaultError('fault must be an object');
  const o = input as Record<string, unknown>;
  const name = o.fault;
  if (typeof name !== 'string' || !(FAULT_NAMES as readonly string[]).includes(name))
    throw new EmulatorFaultError(`unknown fault '${String(name)}' (one of ${FAULT_NAMES.join(', ')})`);
  const panelOk = (p: unknown): p is string => typeof p === 'string' && /^[ymcko]$/.test(p);
  const when = parseWhen(o.when, panelOk);
  const f = parseOne(o, name, panelOk);
  return when ? { ...f, when } : f;
}

function parseWhen(w: unknown, panelOk: (p: unknown) => p is string): PanelPoint | undefined {
  if (w === undefined) return undefined;
  if (typeof w !== 'object' || w === null) throw new EmulatorFaultError('when must be {panel, side?}');
  const { panel, side } = w as Record<string, unknown>;
  if (!panelOk(panel)) throw new EmulatorFaultError('when.panel is y|m|c|k|o');
  if (side !== undefined && side !== 'front' && side !== 'back')
    throw new EmulatorFaultError('when.side is front|back');
  return { panel, ...(side ? { side } : {}) };
}

function parseOne(
  o: Record<string, unknown>,
  name: string,
  panelOk: (p: unknown) => p is string,
): EmulatorFault {
  const countOk = (c: unknown): boolean =>
    c === undefined || (Number.isInteger(c) && (c as number) > 0 && (c as number) < 1000);
  switch (name) {
    case 'jam':
      if (!panelOk(o.panel)) throw new EmulatorFaultError('jam needs panel y|m|c|k|o');
      if (o.side !== undefined && o.side !== 'front' && o.side !== 'back')
        throw new EmulatorFaultError('side is front|back');
      return { fault: 'jam', panel: o.panel, ...(o.side ? { side: o.side as 'front' | 'back' } : {}) };
    case 'disconnect':
      if (o.panel !== undefined && !panelOk(o.panel))
        throw new EmulatorFaultError('disconnect panel is y|m|c|k|o');
      return { fault: 'disconnect', ...(o.panel ? { panel: o.panel as string } : {}) };
    case 'garbage':
      if (!countOk(o.count)) throw new EmulatorFaultError('count must be 1..999');
      return { fault: 'garbage', ...(o.count ? { count: o.count as number } : {}) };
    case 'slow':
      if (!Number.isInteger(o.ms) || (o.ms as number) < 0 || (o.ms as number) > 600_000)
        throw new EmulatorFaultError('slow needs ms 0..600000');
      if (!countOk(o.count)) throw new EmulatorFaultError('count must be 1..999');
      return { fault: 'slow', ms: o.ms as number, ...(o.count ? { count: o.count as number } : {}) };
    default:
      return { fault: name as 'cover-open' };
  }
}
