import { ConfigSchema } from './schema.js';
import { schemaTypes, type JsonSchema } from './schema-walk.js';

/**
 * docs/configuration.md, generated from the schema so the documentation cannot drift:
 * `scripts/gen-config-docs.ts` writes it and a test fails when the file is stale.
 */
export function renderConfigDocs(): string {
  const root = ConfigSchema as unknown as JsonSchema;
  const lines: string[] = [
    '# Configuration',
    '',
    '<!-- Generated from gateway/config/schema.ts by `npx tsx scripts/gen-config-docs.ts`; do not edit by hand. -->',
    '',
    'The station reads one file (JSON, or YAML by extension `.yaml`/`.yml`) named with `--config FILE`,',
    'then applies environment variables, then command-line flags. Every key is optional: the defaults',
    'below run a whole development station on one machine. The result is checked against the schema',
    'at start; a wrong type, an unknown key or a bad value stops the station with exit code 2 and one',
    'line naming the key path, e.g. `cardgate: config /api/port: must be integer`.',
    '',
    '- `cardgate config check FILE` checks a file (exit 0 when valid, 2 otherwise).',
    '- `cardgate config print [--config FILE]` shows the effective configuration, secrets redacted.',
    '- Environment: `CARDGATE_<SECTION>__<KEY>` (double underscore nests, case and single underscores',
    '  in names are ignored), e.g. `CARDGATE_API__PORT=9000`, `CARDGATE_API__LOGIN_RATE_LIMIT__MAX=3`.',
    '  Numbers and booleans are converted as the schema expects; arrays and objects are given as JSON.',
    '- Flags of `cardgate start`: `--data-dir` (dataDir), `--port` (api.port), `--host` (api.host),',
    '  `--http` (api.http), `--broker` (mqtt.url), `--site` (station.site), `--station` (station.id).',
    "- Relative paths in a file resolve against the file's folder; from the environment, flags and",
    '  defaults against the working directory.',
    '- Keys marked **secret** are shown as `[redacted]` by `config print`.',
    '',
  ];
  const top: Array<[string, JsonSchema]> = [];
  for (const [key, sub] of Object.entries(root.properties ?? {})) {
    if (sub.properties || sub.items) {
      lines.push(`## \`${key}\``, '');
      if (sub.description) lines.push(sub.description, '');
      lines.push(...table(flatten(key, sub)), '');
    } else {
      top.push([key, sub]);
    }
  }
  if (top.length > 0) {
    const rows = top.flatMap(([k, s]) => flatten(k, s));
    lines.push('## Top level', '', ...table(rows), '');
  }
  return lines.join('\n');
}

interface Row {
  path: string;
  schema: JsonSchema;
}

function flatten(path: string, schema: JsonSchema): Row[] {
  if (schema.properties) {
    return Object.entries(schema.properties).flatMap(([k, s]) => flatten(`${path}.${k}`, s));
  }
  if (schema.items && schema.items.properties) {
    return [{ path, schema }, ...flatten(`${path}[]`, schema.items)];
  }
  return [{ path, schema }];
}

function table(rows: Row[]): string[] {
  return [
    '| key | type | default | environment | description |',
    '|---|---|---|---|---|',
    ...rows.map(({ path, schema }) => {
      const def = schema.default === undefined ? '' : `\`${JSON.stringify(schema.default)}\``;
      const env = path.includes('[]') ? '' : `\`CARDGATE_${path.split('.').map(toEnv).join('__')}\``;
      const notes = [
        schema.description ?? '',
        schema['x-secret'] ? '**secret**' : '',
        schema.pattern ? `pattern \`${schema.pattern}\`` : '',
        range(schema),
      ].filter(Boolean);
      return `| \`${path}\` | ${typeName(schema)} | ${def} | ${env} | ${notes.join('; ').replace(/\|/g, '\\|')} |`;
    }),
  ];
}

const toEnv = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

function range(s: JsonSchema): string {
  if (s.minimum !== undefined && s.maximum !== undefined) return `${s.minimum}–${s.maximum}`;
  if (s.minimum !== undefined) return `≥ ${s.minimum}`;
  if (s.maximum !== undefined) return `≤ ${s.maximum}`;
  return '';
}

function typeName(s: JsonSchema): string {
  if (s.anyOf && s.anyOf.every((b) => b.const !== undefined || b.type === 'boolean')) {
    return s.anyOf
      .map((b) => (b.const !== undefined ? `\`${JSON.stringify(b.const)}\`` : String(b.type)))
      .join(' \\| ');
  }
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.type === 'array') return `array of ${s.items ? typeName(s.items) : 'any'}`;
  return [...schemaTypes(s)].join(' \\| ') || 'any';
}
