import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CardgateError } from '../../core/errors.js';

/**
 * A batch of people to issue, in order: CSV with a header row (person fields and a `photo`
 * column with the JPEG's path, relative to the batch file) or JSON lines with the same keys
 * (or `{person, photo}`). Values are strings from CSV; `identityDeclared` takes true/false.
 */
export interface BatchItem {
  line: number;
  person: Record<string, unknown>;
  photoPath: string;
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

export async function readBatch(file: string): Promise<BatchItem[]> {
  const text = await readFile(file, 'utf8').catch((e: Error) => {
    throw new CardgateError('BATCH_UNREADABLE', `${file}: ${e.message}`, { status: 400 });
  });
  const dir = dirname(resolve(file));
  const items: BatchItem[] = [];
  const bad = (line: number, why: string) =>
    new CardgateError('BATCH_INVALID', `${file}:${line}: ${why}`, { status: 400 });
  if (/\.jsonl?$/i.test(file)) {
    text.split('\n').forEach((l, i) => {
      if (!l.trim()) return;
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw bad(i + 1, 'not JSON');
      }
      const { photo, person, ...rest } = o;
      if (typeof photo !== 'string') throw bad(i + 1, 'no "photo" path');
      items.push({
        line: i + 1,
        person: (person as Record<string, unknown>) ?? rest,
        photoPath: resolve(dir, photo),
      });
    });
    return items;
  }
  const rows = parseCsv(text);
  const header = rows[0]?.map((h) => h.trim());
  if (!header?.includes('photo')) throw bad(1, 'the header row needs a "photo" column');
  rows.slice(1).forEach((r, i) => {
    const person: Record<string, unknown> = {};
    let photo = '';
    header.forEach((h, k) => {
      const v = r[k] ?? '';
      if (h === 'photo') photo = v;
      else if (v !== '') person[h] = h === 'identityDeclared' ? v === 'true' : v;
    });
    if (!photo) throw bad(i + 2, 'empty photo');
    items.push({ line: i + 2, person, photoPath: resolve(dir, photo) });
  });
  return items;
}
