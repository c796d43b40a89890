import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote } from '../../components/common.js';
import { formatDateTime, t } from '../../i18n/index.js';

interface Report {
  problems: { file: string; line: number; message: string }[];
  gaps: { lang: string; slugs: string[] }[];
  slugs: string[];
}
interface Source {
  text: string;
  file: string | null;
  history: { id: string; at: string; who: string; text: string }[];
}
interface Preview {
  blocks: { html: string }[];
  problems: { line: number; message: string }[];
  title: string;
}

const LANGS = [
  'ro',
  'en',
  'uk',
  'ru',
  'ar',
  'fa',
  'ps',
  'ur',
  'bn',
  'ne',
  'hi',
  'si',
  'ta',
  'so',
  'tr',
  'fr',
];
const RTL = new Set(['ar', 'fa', 'ps', 'ur']);

/**
 * The information point's content for admins: every problem with its file and line, the
 * translation gaps, and an editor per page and language with a preview rendered by the station
 * (the same Markdown rules as the kiosk) and the page's earlier versions.
 */
export function ContentPage() {
  const [report, setReport] = useState<Report | null>(null);
  const [lang, setLang] = useState('en');
  const [slug, setSlug] = useState('');
  const [source, setSource] = useState<Source | null>(null);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const loadReport = () =>
    api<Report>('GET', '/info/admin/report').then((r) => {
      setReport(r);
      setSlug((s) => s || r.slugs[0] || '');
    }, setError);
  useEffect(() => void loadReport(), []);

  useEffect(() => {
    if (!slug) return;
    setSaved(false);
    api<Source>('GET', `/info/admin/pages/${lang}/${slug}`).then((s) => {
      setSource(s);
      setText(s.text);
    }, setError);
  }, [lang, slug]);

  useEffect(() => {
    const timer = setTimeout(() => {
      api<Preview>('POST', '/info/admin/preview', { text }).then(setPreview, () => undefined);
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);

  const save = async () => {
    setError(null);
    try {
      await api('PUT', `/info/admin/pages/${lang}/${slug}`, { text });
      setSaved(true);
      await loadReport();
      setSource(await api<Source>('GET', `/info/admin/pages/${lang}/${slug}`));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div class="content-page">
      <h1>{t('content.title')}</h1>
      <section class="card" aria-labelledby="problems-h">
        <h2 id="problems-h">{t('content.errors')}</h2>
        {report && report.problems.length === 0 && <p>{t('content.noErrors')}</p>}
        <ul data-testid="content-problems">
          {report?.problems.map((p) => (
            <li key={`${p.file}:${p.line}:${p.message}`} data-file={p.file} data-line={p.line}>
              {t('content.line', { file: p.file, line: p.line, message: p.message })}
            </li>
          ))}
        </ul>
        <h2>{t('content.gaps')}</h2>
        {report && report.gaps.length === 0 && <p>{t('content.noGaps')}</p>}
        <ul data-testid="content-gaps">
          {report?.gaps.map((g) => (
            <li key={g.lang} data-lang={g.lang}>
              {g.lang}: {g.slugs.join(', ')}
            </li>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="edit-h">
        <h2 id="edit-h">{t('content.file')}</h2>
        <div class="row">
          <label>
            {t('nav.language')}
            <select value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value)}>
              {LANGS.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('content.file')}
            <select value={slug} onChange={(e) => setSlug((e.target as HTMLSelectElement).value)}>
              {report?.slugs.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          {source?.file && <code>{source.file}</code>}
        </div>
        <div class="content-edit">
          <label>
            <span class="sr-only">{t('content.file')}</span>
            <textarea
              rows={22}
              value={text}
              dir={RTL.has(lang) ? 'rtl' : 'ltr'}
              lang={lang}
              onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
              data-testid="content-text"
            />
          </label>
          <div aria-labelledby="preview-h" lang={lang} dir={RTL.has(lang) ? 'rtl' : 'ltr'}>
            <h3 id="preview-h">{t('content.preview')}</h3>
            {preview?.problems.map((p) => (
              <p class="note warn" key={`${p.line}${p.message}`}>
                {t('content.line', { file: `${lang}/${slug}.md`, line: p.line, message: p.message })}
              </p>
            ))}
            <h4>{preview?.title}</h4>
            {preview?.blocks.map((b, i) => (
              <div key={i} dangerouslySetInnerHTML={{ __html: b.html }} />
            ))}
          </div>
        </div>
        <ErrorNote error={error} />
        <div class="row">
          <button type="button" class="primary" onClick={save}>
            {t('content.save')}
          </button>
          {saved && <span role="status">{t('content.saved')}</span>}
        </div>
        <h3>{t('content.history')}</h3>
        <ul data-testid="content-history">
          {source?.history.map((h) => (
            <li key={h.id}>
              {t('content.by', { at: formatDateTime(h.at), who: h.who })}{' '}
              <button type="button" class="link" onClick={() => setText(h.text)}>
                {t('content.restore')}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
