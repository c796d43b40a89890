import { IssuanceRecord } from './record.js';

export const BEGIN =
  '<!-- BEGIN GENERATED RECORD SCHEMA (node --import tsx gateway/handoff/contract/write-docs.ts) -->';
export const END = '<!-- END GENERATED RECORD SCHEMA -->';

/** The issuance record's JSON Schema as markdown, generated from the TypeBox contract. */
export function renderRecordSchema(): string {
  return [BEGIN, '', '```json', JSON.stringify(IssuanceRecord, null, 2), '```', '', END].join('\n');
}

/** Replaces the generated part of docs/hq.md, keeping the hand-written text around it. */
export function updateHqDoc(doc: string): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error('docs/hq.md lacks the generated record-schema markers');
  return doc.slice(0, a) + renderRecordSchema() + doc.slice(b + END.length);
}
