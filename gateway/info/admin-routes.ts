import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AuditSink } from '../core/audit-sink.js';
import { CardgateError } from '../core/errors.js';
import type { InfoContent } from './content.js';
import { assertSlug } from './content-store.js';
import { parsePage } from './markdown.js';
import { Block, Lang, Problem, Slug } from './routes.js';

export interface InfoAdminDeps {
  content: InfoContent;
  audit: AuditSink;
  now: () => number;
}

/** The content editor for admins: problems and gaps, a page's Markdown and history, preview, save. */
export const infoAdminRoutes: FastifyPluginAsyncTypebox<InfoAdminDeps> = async (app, deps) => {
  const { content } = deps;
  const tags = ['info'];
  const admin = { access: ['admin'] as const };

  app.get(
    '/info/admin/report',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Content problems (file and line) and translation gaps',
        response: {
          200: Type.Object({
            problems: Type.Array(Problem),
            gaps: Type.Array(Type.Object({ lang: Type.String(), slugs: Type.Array(Type.String()) })),
            slugs: Type.Array(Type.String()),
          }),
        },
      },
    },
    async () => ({ ...(await content.report()), slugs: await content.slugs() }),
  );

  app.get(
    '/info/admin/pages/:lang/:slug',
    {
      config: admin,
      schema: {
        tags,
        summary: 'The Markdown of a page and its earlier versions',
        params: Type.Object({ lang: Lang, slug: Slug }),
        response: {
          200: Type.Object({
            text: Type.String(),
            file: Type.Union([Type.String(), Type.Null()]),
            history: Type.Array(
              Type.Object({ id: Type.String(), at: Type.String(), who: Type.String(), text: Type.String() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      assertSlug(req.params.lang, req.params.slug);
      const raw = await content.raw(req.params.lang, req.params.slug);
      return { ...raw, history: await content.store.history(req.params.lang, req.params.slug) };
    },
  );

  app.post(
    '/info/admin/preview',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Render Markdown as the kiosk would, with its problems',
        body: Type.Object({ text: Type.String({ maxLength: 100_000 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            blocks: Type.Array(Block),
            problems: Type.Array(Problem),
            title: Type.String(),
          }),
        },
      },
    },
    async (req) => {
      const p = parsePage('preview', req.body.text);
      return { blocks: p.blocks, problems: p.problems, title: p.meta.title ?? '' };
    },
  );

  app.put(
    '/info/admin/pages/:lang/:slug',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Save a page (the replaced text is kept in its history; audited)',
        params: Type.Object({ lang: Lang, slug: Slug }),
        body: Type.Object({ text: Type.String({ maxLength: 100_000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ saved: Type.Boolean() }) },
      },
    },
    async (req) => {
      const { lang, slug } = req.params;
      assertSlug(lang, slug);
      const problems = parsePage(`${lang}/${slug}.md`, req.body.text).problems;
      if (problems.length)
        throw new CardgateError(
          'INFO_CONTENT_INVALID',
          `line ${problems[0]!.line}: ${problems[0]!.message}`,
          { status: 400, details: { problems } },
        );
      await content.store.save(lang, slug, req.body.text, req.principal!.name, new Date(deps.now()));
      content.invalidate();
      await deps.audit.append({
        actor: req.principal!.name,
        action: 'info.content.save',
        target: `${lang}/${slug}`,
        outcome: 'ok',
      });
      return { saved: true };
    },
  );
};
