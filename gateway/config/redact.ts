import { ConfigSchema, type Config } from './schema.js';
import { childSchema, type JsonSchema } from './schema-walk.js';

export const REDACTED = '[redacted]';

/** Key names that hold a secret whatever the schema says. */
const SECRET_NAME = /password|passphrase|token|secret/i;

/**
 * A copy of the configuration fit to print: values the schema marks `x-secret`, and any key
 * named like a password, token or secret, replaced by `[redacted]`.
 */
export function redactConfig(config: Config): Record<string, unknown> {
  return redactValue(structuredClone(config), ConfigSchema as unknown as JsonSchema) as Record<
    string,
    unknown
  >;
}

function redactValue(value: unknown, schema: JsonSchema | undefined): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => redactValue(item, schema?.items));
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const sub = schema ? childSchema(schema, key) : undefined;
      const secret = sub?.['x-secret'] === true || SECRET_NAME.test(key);
      out[key] =
        secret && v !== undefined && v !== null && typeof v !== 'object' ? REDACTED : redactValue(v, sub);
    }
    return out;
  }
  return value;
}
