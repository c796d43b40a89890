import { ConfigError } from '../core/errors.js';
import { ConfigSchema } from './schema.js';
import { childSchema, matchProperty, schemaTypes, type JsonSchema } from './schema-walk.js';

const PREFIX = 'CARDGATE_';

/**
 * `CARDGATE_API__PORT=9000` → `{ api: { port: 9000 } }`: a double underscore nests, values are
 * coerced to what the schema expects there. Variables whose first segment is not a top-level
 * config key (CARDGATE_REQUIRE_SYSTEM, CARDGATE_FROM_SOURCE, …) are process switches, not config,
 * and are left alone.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const root = ConfigSchema as unknown as JsonSchema;
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || raw === undefined) continue;
    const segments = name.slice(PREFIX.length).split('__');
    const first = matchProperty(root, segments[0] ?? '');
    if (!first) continue;
    const keys: string[] = [first];
    let schema = childSchema(root, first)!;
    for (const seg of segments.slice(1)) {
      const key = matchProperty(schema, seg) ?? (/^\d+$/.test(seg) ? seg : undefined);
      const next = key === undefined ? undefined : childSchema(schema, key);
      if (key === undefined || next === undefined) {
        throw new ConfigError(`/${[...keys, seg.toLowerCase()].join('/')}`, `unknown key (from ${name})`);
      }
      keys.push(key);
      schema = next;
    }
    setPath(out, keys, coerce(raw, schema));
  }
  return out;
}

/** Turn an environment string into the JSON type the schema wants; leave it when it does not fit so validation names the problem. */
export function coerce(raw: string, schema: JsonSchema): unknown {
  const types = schemaTypes(schema);
  const trimmed = raw.trim();
  if ((types.has('integer') || types.has('number')) && trimmed !== '' && !Number.isNaN(Number(trimmed))) {
    return Number(trimmed);
  }
  if (types.has('boolean')) {
    if (/^(true|1|yes|on)$/i.test(trimmed)) return true;
    if (/^(false|0|no|off)$/i.test(trimmed)) return false;
  }
  if ((types.has('object') || types.has('array')) && /^[[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}

export function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let cur: Record<string, unknown> = target;
  for (const [i, key] of keys.entries()) {
    if (i === keys.length - 1) {
      cur[key] = value;
    } else {
      const next = cur[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[key] = {};
      cur = cur[key] as Record<string, unknown>;
    }
  }
}
