import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { lazySchemaCompilers } from '../../gateway/api/lazy-schema-compilers.js';

/**
 * gateway/api/lazy-schema-compilers.ts marks its validators with `schemaEnv`, a Fastify internal:
 * Fastify passes the request as Ajv's parent data only to validators carrying it, and only then
 * can Ajv coerce or default a whole request part. These tests fail when a Fastify upgrade changes
 * that contract, before the bundle ships a station whose bodies silently stop coercing.
 */
describe("Fastify's schemaEnv contract (the lazy schema compilers rely on it)", () => {
  it('Fastify still reads validatorFunction.schemaEnv and passes parentData and parentDataProperty', () => {
    const require = createRequire(import.meta.url);
    const fastifyDir = dirname(require.resolve('fastify/package.json'));
    const source = readFileSync(join(fastifyDir, 'lib', 'validation.js'), 'utf8');
    expect(source).toMatch(
      /if \(validatorFunction\.schemaEnv\) \{\s*ret = validatorFunction\(data, \{\s*parentData: request,\s*parentDataProperty: paramName/,
    );
  });

  it('a whole body coerced at its root reaches the handler coerced (needs the parent data)', async () => {
    for (const lazy of [false, true]) {
      const schemas = lazy ? lazySchemaCompilers() : undefined;
      const app = Fastify(
        schemas ? { schemaController: { compilersFactory: schemas.compilersFactory } } : {},
      );
      app.post('/n', { schema: { body: Type.Integer() } }, async (req) => ({
        type: typeof req.body,
        value: req.body,
      }));
      try {
        const res = await app.inject({
          method: 'POST',
          url: '/n',
          headers: { 'content-type': 'application/json' },
          payload: '"7"',
        });
        expect(res.json(), lazy ? 'lazy compilers' : "Fastify's own compilers").toEqual({
          type: 'number',
          value: 7,
        });
      } finally {
        await app.close();
      }
    }
  });
});
