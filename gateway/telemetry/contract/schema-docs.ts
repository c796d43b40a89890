import { TopicSchemas } from './index.js';

export const BEGIN =
  '<!-- BEGIN GENERATED SCHEMAS (node --import tsx gateway/telemetry/contract/write-docs.ts) -->';
export const END = '<!-- END GENERATED SCHEMAS -->';

/** The JSON Schema of every payload, as markdown, generated from the TypeBox contract. */
export function renderSchemas(): string {
  const parts = [BEGIN, ''];
  for (const [topic, schema] of Object.entries(TopicSchemas)) {
    const s = schema as { description?: string };
    parts.push(`### \`${topic}\``, '');
    if (s.description) parts.push(s.description, '');
    parts.push('```json', JSON.stringify(schema, null, 2), '```', '');
  }
  parts.push(END);
  return parts.join('\n');
}

/** Replace the generated part of docs/telemetry.md, keeping the hand-written text around it. */
export function updateDoc(doc: string): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error('docs/telemetry.md lacks the generated-schemas markers');
  return doc.slice(0, a) + renderSchemas() + doc.slice(b + END.length);
}
