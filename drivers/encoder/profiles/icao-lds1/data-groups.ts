import type { ChipPersonalization } from '../../interface.js';
import { parseTlv, parseTlvList, tlv } from '../../tlv.js';
import { buildFaceRecord, parseFaceRecord, type FaceHeader } from './face-record.js';
import type { LdsFileName } from './layout.js';

/**
 * The LDS1 data groups (Doc 9303-10 §4.6–4.7) built from what the document module hands the
 * encoder, and read back for `cardgate card read`. DG11 and DG12 are written only when the card
 * carries their fields (personal number or residence; issuing authority or date of issue).
 */
const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const tagBytes = (tags: number[]): Uint8Array =>
  Uint8Array.from(tags.flatMap((t) => (t > 0xff ? [t >> 8, t & 0xff] : [t])));

/** Document data as the document module writes it (JSON); unknown or absent fields are skipped. */
interface DocumentData {
  personalCode?: string | null;
  placeOfResidence?: string | null;
  issuingAuthority?: string | null;
  dateOfIssue?: string | null;
}

function documentData(bytes: Uint8Array): DocumentData {
  try {
    const v = JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as DocumentData) : {};
  } catch {
    return {};
  }
}

/** A non-empty field value, trimmed. */
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** Date of issue YYYYMMDD from an ISO date. */
const compactDate = (v: string | undefined): string | undefined =>
  v && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10).replaceAll('-', '') : undefined;

export function buildDataGroups(input: ChipPersonalization): Partial<Record<LdsFileName, Uint8Array>> {
  const data = documentData(input.documentData);
  const dg1 = tlv(0x61, tlv(0x5f1f, input.dg1));
  const face = buildFaceRecord(input.dg2);
  const bht = tlv(
    0xa1,
    tlv(0x80, Uint8Array.of(0x01, 0x01)), // ICAO header version 1.1
    tlv(0x81, Uint8Array.of(0x02)), // biometric type: facial features
    tlv(0x87, Uint8Array.of(0x01, 0x01)), // format owner: ISO/IEC JTC 1/SC 37
    tlv(0x88, Uint8Array.of(0x00, 0x08)), // format type: face image (19794-5)
  );
  const dg2 = tlv(0x75, tlv(0x7f61, tlv(0x02, Uint8Array.of(1)), tlv(0x7f60, bht, tlv(0x5f2e, face))));
  const files: Partial<Record<LdsFileName, Uint8Array>> = { dg1, dg2 };

  const dg11Fields: Array<[number, Uint8Array]> = [];
  const code = text(data.personalCode);
  const residence = text(data.placeOfResidence);
  if (code) dg11Fields.push([0x5f10, utf8(code)]);
  if (residence) dg11Fields.push([0x5f42, utf8(residence)]);
  if (dg11Fields.length > 0) files.dg11 = withTagList(0x6b, dg11Fields);

  const dg12Fields: Array<[number, Uint8Array]> = [];
  const authority = text(data.issuingAuthority);
  const issued = compactDate(text(data.dateOfIssue));
  if (authority) dg12Fields.push([0x5f19, utf8(authority)]);
  if (issued) dg12Fields.push([0x5f26, ascii(issued)]);
  if (dg12Fields.length > 0) files.dg12 = withTagList(0x6c, dg12Fields);

  const present = [0x61, 0x75, ...(files.dg11 ? [0x6b] : []), ...(files.dg12 ? [0x6c] : [])];
  // LDS version 1.7, Unicode 4.0.0, the data groups present.
  files.com = tlv(
    0x60,
    tlv(0x5f01, ascii('0107')),
    tlv(0x5f36, ascii('040000')),
    tlv(0x5c, Uint8Array.from(present)),
  );
  return files;
}

function withTagList(tag: number, fields: Array<[number, Uint8Array]>): Uint8Array {
  return tlv(tag, tlv(0x5c, tagBytes(fields.map(([t]) => t))), ...fields.map(([t, v]) => tlv(t, v)));
}

export interface DecodedLds {
  com?: { ldsVersion: string; unicodeVersion: string; tags: string[] };
  mrz?: string;
  face?: { header: FaceHeader; image: Uint8Array; recordBytes: number };
  dg11?: Record<string, string>;
  dg12?: Record<string, string>;
  malformed: string[];
}

const FIELD_NAMES: Record<number, string> = {
  0x5f10: 'personalNumber',
  0x5f42: 'placeOfResidence',
  0x5f19: 'issuingAuthority',
  0x5f26: 'dateOfIssue',
};

function fields(file: Uint8Array, tag: number): Record<string, string> {
  const outer = parseTlv(file);
  if (outer.tag !== tag) throw new RangeError('wrong tag');
  const out: Record<string, string> = {};
  for (const t of parseTlvList(outer.value)) {
    if (t.tag === 0x5c) continue;
    out[FIELD_NAMES[t.tag] ?? t.tag.toString(16)] = Buffer.from(t.value).toString('utf8');
  }
  return out;
}

const child = (value: Uint8Array, tag: number): Uint8Array => {
  const t = parseTlvList(value).find((x) => x.tag === tag);
  if (!t) throw new RangeError(`tag ${tag.toString(16)} missing`);
  return t.value;
};

/** The LDS files unwrapped; a file that does not decode is named in `malformed`, never thrown. */
export function decodeLds(files: Record<string, Uint8Array>): DecodedLds {
  const out: DecodedLds = { malformed: [] };
  const attempt = (name: string, fn: (file: Uint8Array) => void): void => {
    const file = files[name];
    if (!file) return;
    try {
      fn(file);
    } catch {
      out.malformed.push(name);
    }
  };
  attempt('com', (f) => {
    const v = parseTlv(f);
    if (v.tag !== 0x60) throw new RangeError('wrong tag');
    out.com = {
      ldsVersion: Buffer.from(child(v.value, 0x5f01)).toString('latin1'),
      unicodeVersion: Buffer.from(child(v.value, 0x5f36)).toString('latin1'),
      tags: [...child(v.value, 0x5c)].map((t) => t.toString(16).padStart(2, '0')),
    };
  });
  attempt('dg1', (f) => {
    const v = parseTlv(f);
    if (v.tag !== 0x61) throw new RangeError('wrong tag');
    out.mrz = Buffer.from(child(v.value, 0x5f1f)).toString('latin1');
  });
  attempt('dg2', (f) => {
    const v = parseTlv(f);
    if (v.tag !== 0x75) throw new RangeError('wrong tag');
    const record = child(child(child(v.value, 0x7f61), 0x7f60), 0x5f2e);
    out.face = { ...parseFaceRecord(record), recordBytes: record.length };
  });
  attempt('dg11', (f) => (out.dg11 = fields(f, 0x6b)));
  attempt('dg12', (f) => (out.dg12 = fields(f, 0x6c)));
  return out;
}
