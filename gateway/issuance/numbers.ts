import { CardgateError } from '../core/errors.js';

/**
 * Document numbers come from blocks leased to the station. A block's cursor only moves forward,
 * and it moves in the same journal entry that gives the number to a job, so a number is never
 * handed out twice and never lost between the two.
 */
export interface NumberBlockInput {
  prefix: string;
  first: number;
  last: number;
  width: number;
}

export interface NumberBlockState extends NumberBlockInput {
  next: number;
  source: 'config' | 'datacenter';
  addedAt: string;
}

export function formatNumber(block: NumberBlockInput, n: number): string {
  return block.prefix + String(n).padStart(block.width, '0');
}

export function remaining(blocks: readonly NumberBlockState[]): number {
  return blocks.reduce((sum, b) => sum + Math.max(0, b.last - b.next + 1), 0);
}

export function validateBlock(block: NumberBlockInput): void {
  if (!/^[A-Z]{0,3}$/.test(block.prefix)) throw bad('prefix must be 0–3 capital letters');
  if (
    !Number.isInteger(block.first) ||
    !Number.isInteger(block.last) ||
    block.first < 0 ||
    block.last < block.first
  ) {
    throw bad('first and last must be whole numbers with first ≤ last');
  }
  if (
    !Number.isInteger(block.width) ||
    block.width < 1 ||
    block.width > 9 ||
    String(block.last).length > block.width
  ) {
    throw bad('width must hold the last number (1–9 digits)');
  }
}

const bad = (msg: string): CardgateError => new CardgateError('NUMBER_BLOCK_INVALID', msg, { status: 400 });

const overlaps = (a: NumberBlockInput, b: NumberBlockInput): boolean =>
  a.prefix === b.prefix && a.first <= b.last && b.first <= a.last;

/** Returns the blocks with `block` added, or the same blocks if it is already known; refuses overlaps. */
export function addBlock(
  blocks: readonly NumberBlockState[],
  block: NumberBlockInput,
  source: NumberBlockState['source'],
  at: string,
): { blocks: NumberBlockState[]; added: boolean } {
  validateBlock(block);
  const same = blocks.find(
    (b) =>
      b.prefix === block.prefix &&
      b.first === block.first &&
      b.last === block.last &&
      b.width === block.width,
  );
  if (same) return { blocks: [...blocks], added: false };
  const clash = blocks.find((b) => overlaps(b, block));
  if (clash) {
    throw new CardgateError(
      'NUMBER_BLOCK_OVERLAP',
      `block ${formatNumber(block, block.first)}–${formatNumber(block, block.last)} overlaps a known block ${formatNumber(clash, clash.first)}–${formatNumber(clash, clash.last)}`,
      { status: 409 },
    );
  }
  return {
    blocks: [...blocks, { ...block, next: block.first, source, addedAt: at }],
    added: true,
  };
}

/** The next number and the blocks with the cursor advanced, or null when every block is used up. */
export function allocate(
  blocks: readonly NumberBlockState[],
): { number: string; blocks: NumberBlockState[] } | null {
  const i = blocks.findIndex((b) => b.next <= b.last);
  if (i === -1) return null;
  const b = blocks[i]!;
  const next = [...blocks];
  next[i] = { ...b, next: b.next + 1 };
  return { number: formatNumber(b, b.next), blocks: next };
}

/** Every number handed out so far, block by block (for accounting checks). */
export function allocatedNumbers(blocks: readonly NumberBlockState[]): string[] {
  const out: string[] = [];
  for (const b of blocks) for (let n = b.first; n < b.next; n++) out.push(formatNumber(b, n));
  return out;
}
