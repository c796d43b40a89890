import { randomBytes } from 'node:crypto';
import { parseApdu, type CommandApdu } from '../apdu.js';
import type { ApduResponse } from '../card-channel.js';
import { parseTlvList } from '../tlv.js';

/**
 * An in-memory ISO 7816-4 card with the commands the vicc iso7816 stand-in answers (SELECT,
 * CREATE/DELETE FILE, UPDATE/READ BINARY, GET CHALLENGE), with a capacity and optional DELETE,
 * so the same card profile code runs against it as against a real card.
 */
interface Ef {
  kind: 'ef';
  fid: number;
  parent: Df;
  data: Uint8Array;
}
interface Df {
  kind: 'df';
  fid: number;
  name: Uint8Array | undefined;
  parent: Df | undefined;
  children: (Df | Ef)[];
}

export interface VirtualCardOptions {
  /** Bytes all EFs together may hold; beyond it UPDATE BINARY answers 6A84. */
  capacity?: number;
  /** Cards without DELETE FILE answer 6D00 (wipe then overwrites with zeros). */
  supportsDelete?: boolean;
  extendedLength?: boolean;
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array): boolean =>
  a !== undefined && Buffer.from(a).equals(Buffer.from(b));

export class VirtualCard {
  readonly atr = Buffer.from('3b951381018073ff01000b', 'hex');
  readonly options: Required<VirtualCardOptions>;
  readonly mf: Df = { kind: 'df', fid: 0x3f00, name: undefined, parent: undefined, children: [] };
  #current: Df | Ef = this.mf;

  constructor(options: VirtualCardOptions = {}) {
    this.options = {
      capacity: options.capacity ?? 64 * 1024,
      supportsDelete: options.supportsDelete ?? true,
      extendedLength: options.extendedLength ?? false,
    };
  }

  /** Power-on: selection goes back to the MF (contents stay, like vicc's). */
  reset(): void {
    this.#current = this.mf;
  }

  get used(): number {
    const walk = (df: Df): number =>
      df.children.reduce((a, c) => a + (c.kind === 'ef' ? c.data.length : walk(c)), 0);
    return walk(this.mf);
  }

  /** Finds an EF by path of FIDs from the MF (test helpers tamper with bytes through it). */
  ef(path: number[]): { data: Uint8Array } | undefined {
    let node: Df | Ef | undefined = this.mf;
    for (const fid of path[0] === 0x3f00 ? path.slice(1) : path)
      node = node?.kind === 'df' ? node.children.find((c) => c.fid === fid) : undefined;
    return node?.kind === 'ef' ? node : undefined;
  }

  process(bytes: Uint8Array): ApduResponse {
    let c: CommandApdu;
    try {
      c = parseApdu(bytes);
    } catch {
      return this.#sw(0x6700);
    }
    if (!this.options.extendedLength && (c.data.length > 255 || (c.le ?? 0) > 256)) return this.#sw(0x6700);
    switch (c.ins) {
      case 0xa4:
        return this.#select(c);
      case 0xe0:
        return this.#create(c);
      case 0xe4:
        return this.options.supportsDelete ? this.#delete(c) : this.#sw(0x6d00);
      case 0xd6:
        return this.#update(c);
      case 0xb0:
        return this.#read(c);
      case 0x84:
        return { data: new Uint8Array(randomBytes(c.le ?? 8)), sw: 0x9000 };
      case 0xca:
        return this.#sw(0x6a81);
      default:
        return this.#sw(0x6d00);
    }
  }

  #sw(sw: number, data: Uint8Array = new Uint8Array(0)): ApduResponse {
    return { data, sw };
  }

  #currentDf(): Df {
    return this.#current.kind === 'df' ? this.#current : this.#current.parent;
  }

  #find(c: CommandApdu): Df | Ef | undefined {
    const fid = c.data.length === 2 ? (c.data[0]! << 8) | c.data[1]! : -1;
    const df = this.#currentDf();
    switch (c.p1) {
      case 0x00:
        if (fid === 0x3f00) return this.mf;
        return df.children.find((f) => f.fid === fid);
      case 0x01:
        return df.children.find((f) => f.kind === 'df' && f.fid === fid);
      case 0x02:
        return df.children.find((f) => f.kind === 'ef' && f.fid === fid);
      case 0x03:
        return df.parent;
      case 0x04:
        return this.mf.children.find((f) => f.kind === 'df' && sameBytes(f.name, c.data));
      default:
        return undefined;
    }
  }

  #select(c: CommandApdu): ApduResponse {
    const f = this.#find(c);
    if (!f) return this.#sw(0x6a82);
    this.#current = f;
    return this.#sw(0x9000);
  }

  #create(c: CommandApdu): ApduResponse {
    let fcp;
    try {
      const [outer] = parseTlvList(c.data);
      if (!outer || outer.tag !== 0x62) return this.#sw(0x6a80);
      fcp = parseTlvList(outer.value);
    } catch {
      return this.#sw(0x6a80);
    }
    const fdb = fcp.find((t) => t.tag === 0x82)?.value[0];
    const fidBytes = fcp.find((t) => t.tag === 0x83)?.value;
    if (fdb === undefined || fidBytes?.length !== 2) return this.#sw(0x6a80);
    const fid = (fidBytes[0]! << 8) | fidBytes[1]!;
    const df = this.#currentDf();
    if (df.children.some((f) => f.fid === fid)) return this.#sw(0x6a89);
    if ((fdb & 0x38) === 0x38) {
      const node: Df = {
        kind: 'df',
        fid,
        name: fcp.find((t) => t.tag === 0x84)?.value,
        parent: df,
        children: [],
      };
      df.children.push(node);
      this.#current = node;
    } else {
      const node: Ef = { kind: 'ef', fid, parent: df, data: new Uint8Array(0) };
      df.children.push(node);
      this.#current = node;
    }
    return this.#sw(0x9000);
  }

  #delete(c: CommandApdu): ApduResponse {
    const f = this.#find(c);
    if (!f || !f.parent) return this.#sw(0x6a82);
    f.parent.children = f.parent.children.filter((x) => x !== f);
    this.#current = f.parent;
    return this.#sw(0x9000);
  }

  #update(c: CommandApdu): ApduResponse {
    if (this.#current.kind !== 'ef') return this.#sw(0x6986);
    const ef = this.#current;
    const offset = (c.p1 << 8) | c.p2;
    if (c.p1 & 0x80) return this.#sw(0x6a86);
    if (offset > ef.data.length) return this.#sw(0x6b00);
    const end = offset + c.data.length;
    const grow = Math.max(0, end - ef.data.length);
    if (this.used + grow > this.options.capacity) return this.#sw(0x6a84);
    const next = new Uint8Array(Math.max(end, ef.data.length));
    next.set(ef.data, 0);
    next.set(c.data, offset);
    ef.data = next;
    return this.#sw(0x9000);
  }

  #read(c: CommandApdu): ApduResponse {
    if (this.#current.kind !== 'ef') return this.#sw(0x6986);
    const ef = this.#current;
    const offset = (c.p1 << 8) | c.p2;
    if (offset > 0 && offset >= ef.data.length) return this.#sw(0x6b00);
    const le = c.le ?? 256;
    const out = ef.data.slice(offset, offset + le);
    return this.#sw(out.length < le ? 0x6282 : 0x9000, out);
  }
}
