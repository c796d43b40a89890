import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value } from 'typebox/value';
import { CardgateError } from '../../core/errors.js';
import { Template } from './template-schema.js';

export const DEFAULT_TEMPLATE_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'assets',
  'template.json',
);

export interface LoadedTemplate extends Template {
  /** Folder the template was read from: relative artwork paths resolve against it. */
  baseDir: string;
}

let cachedDefault: LoadedTemplate | null = null;

/** Reads and validates a template; TEMPLATE_INVALID names the first bad place. */
export function loadTemplate(path: string = DEFAULT_TEMPLATE_PATH): LoadedTemplate {
  if (path === DEFAULT_TEMPLATE_PATH && cachedDefault) return cachedDefault;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CardgateError('TEMPLATE_INVALID', `cannot read template ${path}: ${(e as Error).message}`, {
      status: 500,
    });
  }
  const t = parseTemplate(data);
  const loaded = { ...t, baseDir: dirname(path) };
  if (path === DEFAULT_TEMPLATE_PATH) cachedDefault = loaded;
  return loaded;
}

export function parseTemplate(data: unknown): Template {
  if (!Value.Check(Template, data)) {
    const first = Value.Errors(Template, data)[0];
    throw new CardgateError(
      'TEMPLATE_INVALID',
      `template ${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}`,
      { status: 500 },
    );
  }
  return data;
}

export function resolveAsset(template: { baseDir?: string }, path: string): string {
  return isAbsolute(path) ? path : join(template.baseDir ?? dirname(DEFAULT_TEMPLATE_PATH), path);
}
