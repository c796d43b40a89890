/**
 * Where the iso7816-fs profile puts things: one application DF under the MF, found by its name
 * (a proprietary AID: F0 + "CARDGATE"), holding one transparent EF per file. Every EF holds
 * exactly one BER-TLV, so its length is read from its first bytes.
 */
export const APP_AID = Uint8Array.from([0xf0, ...Buffer.from('CARDGATE', 'ascii')]);
export const APP_FID = 0xc0de;
export const MF_FID = 0x3f00;

export type ChipFileName = 'dg1' | 'dg2' | 'data' | 'cert' | 'sod';

export interface ChipFileSpec {
  name: ChipFileName;
  fid: number;
  /** Tag of the TLV the file holds (the certificate is its own DER SEQUENCE). */
  tag: number;
}

/** Write order: the security object last, so a card holding one was written completely. */
export const FILES: readonly ChipFileSpec[] = [
  { name: 'dg1', fid: 0x0101, tag: 0x61 },
  { name: 'dg2', fid: 0x0102, tag: 0x75 },
  { name: 'data', fid: 0x0110, tag: 0x70 },
  { name: 'cert', fid: 0x011e, tag: 0x30 },
  { name: 'sod', fid: 0x011d, tag: 0x77 },
];

/** Files whose hashes the security object signs. */
export const HASHED: readonly ChipFileName[] = ['dg1', 'dg2', 'data'];

/** READ/UPDATE BINARY with an offset in P1-P2 reach 32 767 bytes. */
export const MAX_FILE_BYTES = 0x7fff;
