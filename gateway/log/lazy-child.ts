import type { Bindings, ChildLoggerOptions, Logger } from 'pino';

/**
 * A child logger that becomes real only when something is logged through it. Fastify makes one
 * child per request (for its request id); with the station's redaction list, pino passes every
 * child binding through the redaction wildcards, which cost more CPU than the whole rest of a
 * GET /devices. Most requests never log (successes log at debug), so most children are never
 * needed. Reading `level` does not make the child.
 */
export function lazyChildLogger(parent: Logger, bindings: Bindings, opts?: ChildLoggerOptions): Logger {
  let real: Logger | undefined;
  const make = (): Logger => (real ??= parent.child(bindings, opts));
  // Fastify checks that a request logger has its methods; answering with deferring functions
  // keeps that check from making the child.
  let methods: Map<PropertyKey, (...args: unknown[]) => unknown> | undefined;
  return new Proxy({} as Logger, {
    get(_target, prop) {
      if (prop === 'level' && !real) return opts?.level ?? parent.level;
      if (!real && typeof Reflect.get(parent, prop) === 'function') {
        methods ??= new Map();
        let method = methods.get(prop);
        if (!method) {
          method = (...args: unknown[]) => {
            const logger = make();
            return (Reflect.get(logger, prop) as (...a: unknown[]) => unknown).apply(logger, args);
          };
          methods.set(prop, method);
        }
        return method;
      }
      const logger = make();
      const value: unknown = Reflect.get(logger, prop, logger);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(logger) : value;
    },
    set(_target, prop, value) {
      return Reflect.set(make(), prop, value);
    },
    has(_target, prop) {
      return prop in make();
    },
  });
}
