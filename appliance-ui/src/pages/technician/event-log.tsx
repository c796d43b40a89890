import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, asList } from '../../api.js';
import { ErrorNote, Section } from '../../components/common.js';
import { formatDateTime, t } from '../../i18n/index.js';
import type { StationEvent } from '../../types.js';

const PAGE = 1000;
const KEEP = 300;

/** The audit log reads forward from a sequence number; walk to its end and keep the latest entries. */
async function latestAudit(): Promise<Record<string, unknown>[]> {
  let from = 1;
  let kept: Record<string, unknown>[] = [];
  for (let i = 0; i < 50; i++) {
    const r = await api<{ entries?: Record<string, unknown>[]; next?: number }>(
      'GET',
      `/audit?from=${from}&limit=${PAGE}`,
    );
    const entries = asList<Record<string, unknown>>(r, 'entries');
    kept = [...kept, ...entries].slice(-KEEP);
    if (entries.length < PAGE || typeof r.next !== 'number') break;
    from = r.next;
  }
  return kept;
}

interface Row {
  at: string;
  level: string;
  source: string;
  code: string;
  actor: string;
  text: string;
}

/** Audit entries are area-defined; read the common fields wherever they are. */
function fromAudit(e: Record<string, unknown>): Row {
  const s = (...keys: string[]) => {
    for (const k of keys) if (typeof e[k] === 'string' || typeof e[k] === 'number') return String(e[k]);
    return '';
  };
  const detail = e.detail ?? e.details ?? e.data;
  const outcome = s('outcome');
  return {
    at: s('at', 'time', 'ts', 'timestamp'),
    level: s('level') || (/fail|denied|error|refused/i.test(outcome) ? 'warning' : 'info'),
    source: s('source', 'area', 'target', 'device'),
    code: s('action', 'code', 'type', 'event'),
    actor: s('actor', 'user', 'by'),
    text: [outcome, s('message') || (detail ? JSON.stringify(detail) : '')].filter(Boolean).join(' '),
  };
}

export function EventLog({ live }: { live: (StationEvent & { at: string })[] }) {
  const [auditData, setAuditData] = useState<Record<string, unknown>[]>([]);
  const [auditError, setAuditError] = useState<unknown>(null);
  const reload = useCallback(() => {
    latestAudit().then((entries) => {
      setAuditData(entries);
      setAuditError(null);
    }, setAuditError);
  }, []);
  useEffect(reload, [reload]);
  const audit = { data: auditData, error: auditError, reload };
  const [level, setLevel] = useState('');
  const [source, setSource] = useState('');
  const [text, setText] = useState('');

  const rows = useMemo(() => {
    const all: Row[] = [
      ...live.map((e) => ({
        at: e.at,
        level: e.level,
        source: e.source,
        code: e.code,
        actor: e.actor ?? '',
        text: e.message,
      })),
      ...audit.data.map(fromAudit),
    ];
    const q = text.trim().toLowerCase();
    return all
      .filter((r) => !level || r.level === level)
      .filter((r) => !source || r.source === source)
      .filter((r) => !q || `${r.code} ${r.text} ${r.actor}`.toLowerCase().includes(q))
      .sort((a, b) => (a.at < b.at ? 1 : -1));
  }, [live, audit.data, level, source, text]);
  const sources = useMemo(
    () => [...new Set([...live.map((e) => e.source), ...rows.map((r) => r.source)])].filter(Boolean).sort(),
    [live, audit.data],
  );

  return (
    <Section
      title={t('diag.events')}
      id="events"
      actions={
        <button type="button" class="secondary" onClick={() => audit.reload()}>
          {t('common.refresh')}
        </button>
      }
    >
      <div class="row filters">
        <label>
          {t('events.level')}
          <select value={level} onChange={(e) => setLevel((e.target as HTMLSelectElement).value)}>
            <option value="">{t('events.all')}</option>
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="fault">fault</option>
          </select>
        </label>
        <label>
          {t('events.source')}
          <select value={source} onChange={(e) => setSource((e.target as HTMLSelectElement).value)}>
            <option value="">{t('events.all')}</option>
            {sources.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label class="grow">
          {t('events.search')}
          <input type="search" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <ErrorNote error={audit.error} />
      {rows.length === 0 ? (
        <p class="muted">{t('common.none')}</p>
      ) : (
        <table data-testid="events">
          <caption class="sr-only">{t('diag.events')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('events.time')}</th>
              <th scope="col">{t('events.level')}</th>
              <th scope="col">{t('events.source')}</th>
              <th scope="col">{t('events.code')}</th>
              <th scope="col">{t('events.actor')}</th>
              <th scope="col">{t('events.message')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 300).map((r, i) => (
              <tr key={i} class={`level-${r.level}`}>
                <td>{formatDateTime(r.at)}</td>
                <td>{r.level}</td>
                <td>{r.source}</td>
                <td class="mono">{r.code}</td>
                <td>{r.actor}</td>
                <td>{r.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
