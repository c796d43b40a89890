import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StationContext } from '../station.js';

/** content/ of this installation, found by walking up from this file (sources or build). */
export function defaultContentRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 6; i++, dir = dirname(dir))
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'content')))
      return join(dir, 'content');
  return join(here, '..', '..', 'content');
}

/** The information point: content, speech, the kiosk's words, and their routes. */
export async function startInfo(ctx: StationContext): Promise<void> {
  const cfg = ctx.config.applicant;
  const root = defaultContentRoot();
  const { ContentStore } = await import('./content-store.js');
  const { InfoContent } = await import('./content.js');
  const { Speech } = await import('./speech.js');
  const { ScreenStrings } = await import('./screen-strings.js');
  const { infoRoutes } = await import('./routes.js');
  const speech = new Speech(join(ctx.dataDir, 'speech'), cfg.speech);
  const voices = await speech.voices();
  const { languageOf } = await import('./languages.js');
  const hasVoice = (lang: string) => {
    const v = languageOf(lang)?.voice;
    return !!v && voices.has(v);
  };
  const store = new ContentStore(cfg.contentDir ? resolve(cfg.contentDir) : join(root, 'info'), ctx.dataDir);
  const content = new InfoContent(store, hasVoice);
  const strings = new ScreenStrings(join(root, 'screen'));
  await ctx.api.register(infoRoutes, {
    prefix: ctx.apiPrefix,
    content,
    strings,
    speech,
    idleSeconds: cfg.kioskIdleSeconds,
  });
  const { infoAdminRoutes } = await import('./admin-routes.js');
  await ctx.api.register(infoAdminRoutes, {
    prefix: ctx.apiPrefix,
    content,
    audit: ctx.audit,
    now: () => ctx.clock.now(),
  });
  if (voices.size === 0) ctx.logger.info('espeak-ng not found: the information point shows "no audio"');
  ctx.life.started({ name: 'info', stop: () => undefined, ready: () => true });
}
