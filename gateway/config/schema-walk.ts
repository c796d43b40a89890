/**
 * Small helpers to read the TypeBox config schema as the JSON Schema it is: env coercion,
 * redaction and the generated docs all need to find the sub-schema at a key path.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  required?: string[];
  'x-secret'?: boolean;
  [key: string]: unknown;
}

export function childSchema(schema: JsonSchema, key: string): JsonSchema | undefined {
  if (schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, key)) {
    return schema.properties[key];
  }
  if (schema.items && /^\d+$/.test(key)) return schema.items;
  return undefined;
}

/** The property name of `schema` that matches an env segment (case and underscores ignored). */
export function matchProperty(schema: JsonSchema, segment: string): string | undefined {
  if (!schema.properties) return undefined;
  const want = segment.replace(/_/g, '').toLowerCase();
  return Object.keys(schema.properties).find((k) => k.toLowerCase() === want);
}

/** The JSON types a schema accepts, flattening unions. */
export function schemaTypes(schema: JsonSchema): Set<string> {
  const out = new Set<string>();
  if (schema.anyOf) for (const s of schema.anyOf) for (const t of schemaTypes(s)) out.add(t);
  if (typeof schema.type === 'string') out.add(schema.type);
  else if (Array.isArray(schema.type)) for (const t of schema.type) out.add(t);
  if (schema.const !== undefined) out.add(typeof schema.const);
  return out;
}
