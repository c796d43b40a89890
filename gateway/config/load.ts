import { readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { Value } from 'typebox/value';
import YAML from 'yaml';
import { ConfigError } from '../core/errors.js';
import { ConfigSchema, type Config } from './schema.js';
import { configFromEnv, setPath } from './env.js';
import type { JsonSchema } from './schema-walk.js';

/** Command-line flags that override the file and the environment. */
export interface ConfigFlags {
  dataDir?: string;
  port?: number;
  host?: string;
  http?: boolean;
  /** mqtt.url */
  broker?: string;
  /** station.site */
  site?: string;
  /** station.id */
  station?: string;
}

export interface LoadConfigOptions {
  /** JSON (.json) or YAML (.yaml/.yml) file; none means defaults + env + flags. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  flags?: ConfigFlags;
  /** Base of relative paths that do not come from the file (default process.cwd()). */
  cwd?: string;
}

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file read, if any. */
  file: string | null;
}

/**
 * The effective configuration: schema defaults ← file ← CARDGATE_* env ← flags, validated
 * against the one schema. Any problem throws ConfigError naming the key path, e.g.
 * `/api/port: must be integer`. Relative paths in the file resolve against the file's folder;
 * those from env, flags and defaults against cwd.
 */
export async function loadConfig(opts: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = opts.cwd ?? process.cwd();
  let fromFile: Record<string, unknown> = {};
  let file: string | null = null;
  if (opts.file) {
    file = resolve(cwd, opts.file);
    fromFile = await readConfigFile(file);
    resolvePaths(fromFile, dirname(file));
  }
  const fromEnv = configFromEnv(opts.env ?? process.env);
  const fromFlags = flagsToConfig(opts.flags ?? {});
  const merged = deepMerge(deepMerge(fromFile, fromEnv), fromFlags);
  const config = validateConfig(merged);
  resolvePaths(config as unknown as Record<string, unknown>, cwd);
  return { config, file };
}

/** Defaults filled in and checked; throws ConfigError for the first problem found. */
export function validateConfig(raw: unknown): Config {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('', 'must be an object');
  }
  const withDefaults = Value.Default(ConfigSchema, structuredClone(raw)) as unknown;
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    const { path, reason } = describeErrors(errors as unknown as SchemaError[]);
    throw new ConfigError(path, reason);
  }
  const config = withDefaults as Config;
  // Line ids name books and jobs: each once.
  const seen = new Set<string>();
  config.lines.forEach((l, i) => {
    if (seen.has(l.id)) throw new ConfigError(`/lines/${i}/id`, `line ${l.id} is listed twice`);
    seen.add(l.id);
  });
  return config;
}

export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError('', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const ext = extname(file).toLowerCase();
  let data: unknown;
  try {
    if (ext === '.json') data = JSON.parse(text);
    else if (ext === '.yaml' || ext === '.yml') data = YAML.parse(text);
    else throw new ConfigError('', `${file}: unknown format ${ext || '(none)'}; use .json, .yaml or .yml`);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const msg = (e as Error).message.split('\n')[0] ?? String(e);
    throw new ConfigError('', `cannot parse ${file}: ${msg}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError('', 'must be an object');
  return data as Record<string, unknown>;
}

function flagsToConfig(flags: ConfigFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (flags.dataDir !== undefined) out.dataDir = flags.dataDir;
  if (flags.port !== undefined) setPath(out, ['api', 'port'], flags.port);
  if (flags.host !== undefined) setPath(out, ['api', 'host'], flags.host);
  if (flags.http !== undefined) setPath(out, ['api', 'http'], flags.http);
  if (flags.broker !== undefined) setPath(out, ['mqtt', 'url'], flags.broker);
  if (flags.site !== undefined) setPath(out, ['station', 'site'], flags.site);
  if (flags.station !== undefined) setPath(out, ['station', 'id'], flags.station);
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/** Keys holding file-system paths: `dataDir`, `*Dir`, `*File`. Only plain relative paths are rewritten. */
const isPathKey = (key: string): boolean => key === 'dataDir' || /(File|Dir)$/.test(key);

function resolvePaths(obj: Record<string, unknown>, base: string): void {
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string' && isPathKey(k) && v !== '' && !isAbsolute(v)) obj[k] = resolve(base, v);
    else if (isPlainObject(v)) resolvePaths(v, base);
    else if (Array.isArray(v)) for (const item of v) if (isPlainObject(item)) resolvePaths(item, base);
  }
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message: string;
}

/** One line for a person: the most useful error, its key path and why. */
function describeErrors(errors: SchemaError[]): { path: string; reason: string } {
  const unknown = errors.find((e) => e.keyword === 'additionalProperties');
  const concrete = errors.filter((e) => e.keyword !== 'boolean' && e.keyword !== 'additionalProperties');
  // Prefer the deepest concrete error; union branches each report, so summarise them.
  const first = concrete[0];
  if (unknown && (!first || unknown.instancePath.length >= first.instancePath.length - 1)) {
    const keys = (unknown.params.additionalProperties as string[] | undefined) ?? [];
    return { path: `${unknown.instancePath}/${keys[0] ?? '?'}`, reason: 'unknown key' };
  }
  if (!first) return { path: errors[0]?.instancePath ?? '', reason: errors[0]?.message ?? 'invalid' };
  const samePath = concrete.filter((e) => e.instancePath === first.instancePath);
  if (samePath.some((e) => e.keyword === 'anyOf')) {
    // A union: each branch reported why it did not match; name what would have.
    const options = samePath.flatMap((e) => {
      if (e.keyword === 'const') return [JSON.stringify(e.params.allowedValue)];
      if (e.keyword === 'type') return [String(e.params.type)];
      return [];
    });
    if (options.length > 0)
      return { path: first.instancePath, reason: `must be one of ${[...new Set(options)].join(', ')}` };
  }
  return { path: first.instancePath, reason: first.message };
}

export type { JsonSchema };
