import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote, Section } from '../../components/common.js';
import { formatDateTime, hasCode, t, tCode } from '../../i18n/index.js';
import { eventText, label, showValue, spoilReason } from '../../i18n/words.js';
import type { AuditEntry, AuditPage, StationEvent } from '../../types.js';

const PAGE = 1000;
const KEEP = 300;

/** The audit log reads forward from a sequence number; walk to its end and keep the latest entries. */
async function latestAudit(): Promise<AuditEntry[]> {
  let from = 1;
  let kept: AuditEntry[] = [];
  for (let i = 0; i < 50; i++) {
    const r = await api<AuditPage>('GET', `/audit?from=${from}&limit=${PAGE}`);
    kept = [...kept, ...r.items].slice(-KEEP);
    if (r.items.length < PAGE) break;
    from = r.next;
  }
  return kept;
}

type Level = 'info' | 'warning' | 'fault';
interface Row {
  at: string;
  level: Level;
  source: string;
  code: string;
  actor: string;
  text: string;
  /** The gateway's own message (English, for support): a tooltip, not the text. */
  raw: string;
}

/** Audit actions and station codes that mean a device stopped a card or needs a person. */
const FAULT_ACTIONS = new Set(['issuance.needs-operator', 'issuance.failed']);

/**
 * The level a person filters by. Printer faults a person must fix (cover, ribbon, feeder, jam)
 * are faults even when an area reported them as warnings; the log must not hide them.
 */
export function levelOf(level: string, code: string): Level {
  if (level === 'fault' || FAULT_ACTIONS.has(code)) return 'fault';
  if (/^PRINTER_/.test(code) && code !== 'PRINTER_READY' && !code.endsWith('_CLEARED')) return 'fault';
  if (level === 'warning') return 'warning';
  return 'info';
}

/** Areas have names in the catalogue; device ids, user names and job ids are shown as they are. */
const sourceText = (s: string): string => (hasCode('source', s) ? tCode('source', s) : s);

function detailsText(d: AuditEntry['details']): string {
  if (!d) return '';
  return Object.entries(d)
    .map(([k, v]) => {
      const value =
        k === 'reason' && typeof v === 'string' && v.includes(':') ? spoilReason(v) : showValue(v);
      return `${label('detail', k)}: ${value}`;
    })
    .join(' · ');
}

function fromAudit(e: AuditEntry): Row {
  const failed = e.outcome !== undefined && e.outcome !== 'ok';
  return {
    at: e.at,
    level: levelOf(failed ? 'warning' : 'info', e.action),
    source: e.target ?? '',
    code: e.action,
    actor: e.actor,
    text: [failed ? label('outcome', e.outcome!) : '', detailsText(e.details)].filter(Boolean).join(' — '),
    raw: '',
  };
}

export function EventLog({ live }: { live: (StationEvent & { at: string })[] }) {
  const [auditData, setAuditData] = useState<AuditEntry[]>([]);
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
        level: levelOf(e.level, e.code),
        source: e.source,
        code: e.code,
        actor: e.actor ?? '',
        text: '',
        raw: e.message,
      })),
      ...audit.data.map(fromAudit),
    ];
    const q = text.trim().toLowerCase();
    return all
      .filter((r) => !level || r.level === level)
      .filter((r) => !source || r.source === source)
      .filter((r) => !q || `${eventText(r.code)} ${r.code} ${r.text} ${r.actor}`.toLowerCase().includes(q))
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
            <option value="info">{t('level.info')}</option>
            <option value="warning">{t('level.warning')}</option>
            <option value="fault">{t('level.fault')}</option>
          </select>
        </label>
        <label>
          {t('events.source')}
          <select value={source} onChange={(e) => setSource((e.target as HTMLSelectElement).value)}>
            <option value="">{t('events.all')}</option>
            {sources.map((s) => (
              <option key={s} value={s}>
                {sourceText(s)}
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
              <tr key={i} class={`level-${r.level}`} data-code={r.code} data-level={r.level}>
                <td>{formatDateTime(r.at)}</td>
                <td>{t(`level.${r.level}`)}</td>
                <td>{sourceText(r.source)}</td>
                <td title={r.raw || undefined}>
                  {eventText(r.code)} <span class="code">({r.code})</span>
                </td>
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
