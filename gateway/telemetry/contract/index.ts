export * from './envelope.js';
export * from './topics.js';
export * from './payloads.js';
export * from './commands.js';
import {
  StatusPayload,
  BirthPayload,
  HealthPayload,
  CountersPayload,
  EventPayload,
  ReplyPayload,
  DiagnosticsPayload,
} from './payloads.js';
import { CommandSchemas } from './commands.js';

/** Every payload schema by the topic it travels on (used to generate docs/telemetry.md). */
export const TopicSchemas = {
  status: StatusPayload,
  birth: BirthPayload,
  health: HealthPayload,
  counters: CountersPayload,
  events: EventPayload,
  diagnostics: DiagnosticsPayload,
  'reply/<name>': ReplyPayload,
  ...Object.fromEntries(Object.entries(CommandSchemas).map(([k, v]) => [`cmd/${k}`, v])),
} as Record<string, unknown>;
