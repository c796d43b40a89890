/**
 * Where the LDS1 application keeps its files (ICAO Doc 9303-10 §3–4): the application by its AID,
 * one transparent EF per data group, each holding exactly one BER-TLV with the data group's tag.
 */
export const LDS1_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);

export type LdsFileName = 'com' | 'dg1' | 'dg2' | 'dg11' | 'dg12' | 'sod';

export interface LdsFileSpec {
  name: LdsFileName;
  fid: number;
  /** The data group's tag (EF.COM 60, DG1 61, DG2 75, DG11 6B, DG12 6C, SOD 77). */
  tag: number;
  /** Data-group number in the security object; EF.COM and EF.SOD are not hashed. */
  dg?: number;
}

/** Write order: EF.SOD last, so a card holding one was written completely. */
export const LDS_FILES: readonly LdsFileSpec[] = [
  { name: 'com', fid: 0x011e, tag: 0x60 },
  { name: 'dg1', fid: 0x0101, tag: 0x61, dg: 1 },
  { name: 'dg2', fid: 0x0102, tag: 0x75, dg: 2 },
  { name: 'dg11', fid: 0x010b, tag: 0x6b, dg: 11 },
  { name: 'dg12', fid: 0x010c, tag: 0x6c, dg: 12 },
  { name: 'sod', fid: 0x011d, tag: 0x77 },
];

export const HASHED_FILES = LDS_FILES.filter((f) => f.dg !== undefined);

/** id-icao-mrtd-security-ldsSecurityObject: the eContentType of EF.SOD. */
export const LDS_SECURITY_OBJECT_OID = '2.23.136.1.1.1';
