import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

/**
 * Fastify's own schema compilers (Ajv for validation, fast-json-stringify for replies), deferred
 * to the first request each route serves. Compiling every route's schemas up front was the
 * largest single cost of `listen()` on the appliance (~170 ms of CPU on 2 cores); a route is
 * compiled once, on first use, with exactly the compiler and options Fastify would have used.
 * `compileAll()` compiles whatever is still pending: tests call it so a bad schema still fails
 * the build instead of a first request.
 */
export interface LazySchemaCompilers {
  compilersFactory: CompilersFactory;
  /** Compiles what is still pending; returns how many schemas that was. */
  compileAll(): number;
}

interface RouteSchema {
  schema: unknown;
  method?: string;
  url?: string;
  httpPart?: string;
}

type Validator = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type Serializer = (data: unknown) => string;

export interface LazySchemaOptions {
  /**
   * false: request bodies are validated without type coercion (`{"count":"5"}` is refused where
   * an integer is declared) while query strings, params and headers, which are text by nature,
   * still coerce. Default true, Fastify's own behaviour.
   */
  coerceBodies?: boolean;
}

interface AjvOptions {
  customOptions?: Record<string, unknown>;
}

export function lazySchemaCompilers(opts: LazySchemaOptions = {}): LazySchemaCompilers {
  const buildAjv = AjvCompiler() as (
    externals: unknown,
    options: unknown,
  ) => (route: RouteSchema) => Validator;
  const buildFjs = SerializerSelector() as (
    externals: unknown,
    options: unknown,
  ) => (route: RouteSchema) => Serializer;
  const pending = new Set<() => void>();

  /** `make()` run once, on the first call of the returned getter or by compileAll(). */
  function deferred<F>(make: () => F): () => F {
    let compiled: F | undefined;
    const compile = (): F => {
      if (compiled === undefined) {
        compiled = make();
        pending.delete(compile);
      }
      return compiled;
    };
    pending.add(compile);
    return compile;
  }

  const factory = {
    buildValidator(externalSchemas: unknown, ajvOptions: AjvOptions) {
      // Fastify's builder makes an Ajv instance: only once the first schema compiles.
      let compiler: ((route: RouteSchema) => Validator) | undefined;
      let bodyCompiler: ((route: RouteSchema) => Validator) | undefined;
      const strictBodies = opts.coerceBodies === false;
      const forBodies = () =>
        buildAjv(externalSchemas, {
          ...ajvOptions,
          customOptions: { ...ajvOptions.customOptions, coerceTypes: false },
        });
      return (route: RouteSchema) => {
        const compiled = deferred(() =>
          strictBodies && route.httpPart === 'body'
            ? (bodyCompiler ??= forBodies())(route)
            : (compiler ??= buildAjv(externalSchemas, ajvOptions))(route),
        );
        const validate: Validator = (data, context) => {
          const inner = compiled();
          const result = inner(data, context);
          validate.errors = inner.errors;
          return result;
        };
        // Fastify passes the request as parent data only to Ajv functions (marked by schemaEnv),
        // which lets Ajv coerce or default a whole request part; keep that path open.
        validate.schemaEnv = true;
        return validate;
      };
    },
    buildSerializer(externalSchemas: unknown, serializerOptions: unknown) {
      let compiler: ((route: RouteSchema) => Serializer) | undefined;
      return (route: RouteSchema) => {
        const compiled = deferred(() => (compiler ??= buildFjs(externalSchemas, serializerOptions))(route));
        return (data: unknown) => compiled()(data);
      };
    },
  };
  return {
    // Fastify types the builders by Ajv's function type; these wrappers call exactly those.
    compilersFactory: factory as unknown as CompilersFactory,
    compileAll() {
      const waiting = [...pending];
      for (const compile of waiting) compile();
      return waiting.length;
    },
  };
}
