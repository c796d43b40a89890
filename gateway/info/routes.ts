import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import Type from 'typebox';
import { CardgateError } from '../core/errors.js';
import type { InfoContent } from './content.js';
import { KIOSK_LANGUAGES, languageOf } from './languages.js';
import type { ScreenStrings } from './screen-strings.js';
import type { Speech } from './speech.js';

export interface InfoRoutesDeps {
  content: InfoContent;
  strings: ScreenStrings;
  speech: Speech;
  idleSeconds: number;
}

export const Lang = Type.String({ pattern: '^[a-z]{2,3}$' });
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,40}$' });
const Key = Type.String({ pattern: '^[a-zA-Z0-9.]{1,60}$' });
export const Block = Type.Object({
  html: Type.String(),
  text: Type.String(),
  picture: Type.Optional(Type.Object({ name: Type.String(), alt: Type.String() })),
});
const Meta = Type.Object({
  title: Type.String(),
  icon: Type.String(),
  order: Type.Number(),
  source: Type.String(),
  sourceUrl: Type.String(),
  checked: Type.String(),
  translation: Type.Optional(Type.Literal('machine-unverified')),
});
const Page = Type.Object({
  slug: Type.String(),
  lang: Type.String(),
  shownLang: Type.String(),
  fallback: Type.Boolean(),
  dir: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]),
  meta: Meta,
  blocks: Type.Array(Block),
  audio: Type.Boolean(),
});
export const Problem = Type.Object({ file: Type.String(), line: Type.Integer(), message: Type.String() });

/** The information point's pages, words and audio (public, no login); the editor is in admin-routes.ts. */
export const infoRoutes: FastifyPluginAsyncTypebox<InfoRoutesDeps> = async (app, deps) => {
  const { content, speech } = deps;
  const tags = ['info'];
  const pub = { access: 'public' as const };

  app.get(
    '/info/languages',
    {
      config: pub,
      schema: {
        tags,
        summary: 'Languages offered, their direction, script and whether audio exists',
        response: {
          200: Type.Object({
            idleSeconds: Type.Integer(),
            languages: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                english: Type.String(),
                dir: Type.String(),
                script: Type.String(),
                audio: Type.Boolean(),
              }),
            ),
          }),
        },
      },
    },
    async () => {
      const out = [];
      for (const l of KIOSK_LANGUAGES)
        out.push({
          code: l.code,
          name: l.name,
          english: l.english,
          dir: l.dir,
          script: l.script,
          audio: (await speech.voiceFor(l.code)) !== null,
        });
      return { idleSeconds: deps.idleSeconds, languages: out };
    },
  );

  app.get(
    '/info/screen/:lang',
    {
      config: pub,
      schema: {
        tags,
        summary: "The kiosk pages' words in a language (English where missing, listed)",
        params: Type.Object({ lang: Lang }),
        response: {
          200: Type.Object({
            lang: Type.String(),
            dir: Type.String(),
            audio: Type.Boolean(),
            strings: Type.Record(Type.String(), Type.String()),
            missing: Type.Array(Type.String()),
          }),
        },
      },
    },
    async (req) => {
      const l = languageOf(req.params.lang);
      if (!l)
        throw new CardgateError('INFO_LANGUAGE_UNKNOWN', `language ${req.params.lang} is not offered`, {
          status: 404,
        });
      const s = await deps.strings.strings(l.code);
      return { lang: l.code, dir: l.dir, audio: (await speech.voiceFor(l.code)) !== null, ...s };
    },
  );

  app.get(
    '/info/pages/:lang',
    {
      config: pub,
      schema: {
        tags,
        summary: 'The topics in a language',
        params: Type.Object({ lang: Lang }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ slug: Type.String(), meta: Meta, fallback: Type.Boolean() })),
          }),
        },
      },
    },
    async (req) => ({ items: await content.index(req.params.lang) }),
  );

  app.get(
    '/info/pages/:lang/:slug',
    {
      config: pub,
      schema: {
        tags,
        summary: 'One page, rendered (English fallback marked)',
        params: Type.Object({ lang: Lang, slug: Slug }),
        response: { 200: Page },
      },
    },
    async (req) => content.page(req.params.lang, req.params.slug),
  );

  const sendWav = async (reply: FastifyReply, file: string) =>
    reply.header('cache-control', 'public, max-age=86400').type('audio/wav').send(createReadStream(file));

  app.get(
    '/info/pages/:lang/:slug/audio/:n',
    {
      config: pub,
      schema: {
        tags,
        summary: 'One paragraph spoken (WAV, made with espeak-ng on first use)',
        params: Type.Object({ lang: Lang, slug: Slug, n: Type.Integer({ minimum: 0, maximum: 200 }) }),
      },
    },
    async (req, reply) => {
      const page = await content.page(req.params.lang, req.params.slug);
      const block = page.blocks[req.params.n];
      if (!block?.text)
        throw new CardgateError('INFO_PAGE_NOT_FOUND', `page ${page.slug} has no paragraph ${req.params.n}`, {
          status: 404,
        });
      return sendWav(reply, await speech.wav(page.shownLang, block.text));
    },
  );

  app.get(
    '/info/screen/:lang/audio/:key',
    {
      config: pub,
      schema: {
        tags,
        summary: 'One of the kiosk pages’ messages spoken (WAV)',
        params: Type.Object({ lang: Lang, key: Key }),
      },
    },
    async (req, reply) => {
      const l = languageOf(req.params.lang);
      if (!l)
        throw new CardgateError('INFO_LANGUAGE_UNKNOWN', `language ${req.params.lang} is not offered`, {
          status: 404,
        });
      const { strings, missing } = await deps.strings.strings(l.code);
      const text = strings[req.params.key];
      if (!text || missing.includes(req.params.key))
        throw new CardgateError('INFO_PAGE_NOT_FOUND', `no message ${req.params.key} in ${l.code}`, {
          status: 404,
        });
      // Placeholders ({date}) are not spoken as braces.
      return sendWav(reply, await speech.wav(l.code, text.replace(/\{[a-z]+\}/gi, '')));
    },
  );
};
