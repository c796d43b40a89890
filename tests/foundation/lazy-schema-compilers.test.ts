import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { lazySchemaCompilers } from '../../gateway/api/lazy-schema-compilers.js';

const Query = Type.Object({
  limit: Type.Integer({ minimum: 1, default: 10 }),
  tag: Type.Optional(Type.Array(Type.String())),
});
const Body = Type.Object(
  {
    name: Type.String({ minLength: 2 }),
    kind: Type.Union([Type.Literal('a'), Type.Literal('b')], { default: 'a' }),
  },
  { additionalProperties: false },
);
const Reply = Type.Object({
  limit: Type.Integer(),
  tag: Type.Array(Type.String()),
  name: Type.String(),
  kind: Type.String(),
});

function app(lazy: boolean): { app: FastifyInstance; compileAll?: () => number } {
  const schemas = lazy ? lazySchemaCompilers() : undefined;
  const a = Fastify({
    ajv: { customOptions: { allErrors: false } },
    ...(schemas ? { schemaController: { compilersFactory: schemas.compilersFactory } } : {}),
  });
  a.post('/items', { schema: { querystring: Query, body: Body, response: { 200: Reply } } }, async (req) => {
    const q = req.query as { limit: number; tag?: string[] };
    const b = req.body as { name: string; kind: string };
    // `secret` is not in the reply schema: the serializer must drop it.
    return { limit: q.limit, tag: q.tag ?? [], ...b, secret: 'never sent' };
  });
  return { app: a, ...(schemas ? { compileAll: () => schemas.compileAll() } : {}) };
}

const cases = [
  { url: '/items?limit=3&tag=x', body: { name: 'Ana' } },
  { url: '/items', body: { name: 'Ion', kind: 'b' } },
  { url: '/items?tag=x&tag=y', body: { name: 'Ion' } },
  { url: '/items?limit=0', body: { name: 'Ion' } },
  { url: '/items?limit=two', body: { name: 'Ion' } },
  { url: '/items', body: { name: 'I' } },
  { url: '/items', body: { name: 'Ion', extra: true } },
  { url: '/items', body: { name: 'Ion', kind: 'c' } },
  { url: '/items', body: 'not json' },
];

describe('route schemas compiled on first use', () => {
  it("answer exactly as Fastify's own compilers do: coercion, defaults, errors, reply filtering", async () => {
    const eager = app(false).app;
    const { app: lazy } = app(true);
    for (const c of cases) {
      const req = { method: 'POST' as const, url: c.url, payload: c.body as never };
      const [a, b] = [await eager.inject(req), await lazy.inject(req)];
      expect(b.statusCode, c.url).toBe(a.statusCode);
      expect(b.json(), JSON.stringify(c)).toEqual(a.json());
    }
    const ok = await lazy.inject({ method: 'POST', url: '/items?limit=3', payload: { name: 'Ana' } });
    expect(ok.json()).toEqual({ limit: 3, tag: [], name: 'Ana', kind: 'a' });
  });

  it('compile nothing until asked, and compileAll() compiles what no request reached yet', async () => {
    const { app: lazy, compileAll } = app(true);
    await lazy.ready();
    expect(compileAll!()).toBe(3); // querystring, body, 200 reply
    expect(compileAll!()).toBe(0);
  });

  it('a bad schema fails compileAll() (so a test catches it before any request does)', async () => {
    const schemas = lazySchemaCompilers();
    const a = Fastify({ schemaController: { compilersFactory: schemas.compilersFactory } });
    a.get(
      '/bad',
      { schema: { querystring: { type: 'object', properties: { n: { type: 'no-such-type' } } } } },
      async () => 'x',
    );
    await a.ready();
    expect(() => schemas.compileAll()).toThrow();
  });
});

describe('coerceBodies: false (the station)', () => {
  it('validates bodies as sent while query strings still coerce declared numbers', async () => {
    const schemas = lazySchemaCompilers({ coerceBodies: false });
    const a = Fastify({
      ajv: { customOptions: { allErrors: false } },
      schemaController: { compilersFactory: schemas.compilersFactory },
    });
    a.post(
      '/count',
      {
        schema: {
          querystring: Type.Object({ limit: Type.Optional(Type.Integer()) }),
          body: Type.Object({ count: Type.Integer(), tag: Type.Optional(Type.Array(Type.String())) }),
        },
      },
      async (req) => ({ query: req.query, body: req.body }),
    );
    const post = (url: string, payload: unknown) =>
      a.inject({ method: 'POST', url, payload: payload as object });
    for (const body of [{ count: '5' }, { count: true }, { count: 5, tag: 'one' }, { count: null }]) {
      expect((await post('/count', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    const ok = await post('/count?limit=3', { count: 5, tag: ['one'] });
    expect(ok.json()).toEqual({ query: { limit: 3 }, body: { count: 5, tag: ['one'] } });
  });
});
