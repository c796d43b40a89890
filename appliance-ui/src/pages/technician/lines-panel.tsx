import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote, Facts, Section } from '../../components/common.js';
import { useServerEvents } from '../../events.js';
import { t, tCode, type MessageKey } from '../../i18n/index.js';
import type { Line } from '../../types.js';
import { useFetch } from './use-fetch.js';

const stateText = (s: Line['state']) => t(`lines.state.${s}` as MessageKey);

/** Why a line takes no job, in words; the code follows in parentheses for the technician. */
function reasonText(l: Line): string {
  const r = l.reason;
  if (!r) return '—';
  // A technician's own reason is shown as they wrote it.
  if (r.code === 'LINE_OUT_OF_SERVICE') return `${tCode('error', r.code)} ${r.message}`.trim();
  const words = tCode('error', r.code, r.message);
  return `${words} (${r.code})`;
}

/** One panel per print line: state, why, current card, stock, ribbon, throughput; service controls. */
export function LinesPanel() {
  const lines = useFetch<{ items: Line[] }>('/lines');
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState('');
  // A line's change or a card's step reloads the list: the server's view is the one shown.
  useServerEvents({
    line: () => void lines.reload(),
    job: () => void lines.reload(),
    open: () => void lines.reload(),
  });

  const act = async (l: Line, path: string, body?: unknown) => {
    setError(null);
    try {
      const next = await api<Line>('POST', `/lines/${l.id}/${path}`, body);
      setSaid(t('lines.changed', { name: next.name, state: stateText(next.state) }));
      void lines.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <ErrorNote error={lines.error} />
      <ErrorNote error={error} />
      <p role="status">{said}</p>
      <div class="line-panels">
        {(lines.data?.items ?? []).map((l) => (
          <LinePanel key={l.id} line={l} act={act} />
        ))}
      </div>
    </>
  );
}

function LinePanel({
  line: l,
  act,
}: {
  line: Line;
  act: (l: Line, path: string, body?: unknown) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const missing = l.reason?.code === 'LINE_READER_MISSING' && l.reader;
  const job = l.currentJob
    ? t('lines.current', { id: l.currentJob.id, stage: t(`lines.stage.${l.currentJob.stage}` as MessageKey) })
    : t('lines.job.none');
  const actions = (
    <>
      {l.state === 'fault' && (
        <button type="button" onClick={() => void act(l, 'resume')}>
          {t('lines.resume')}
        </button>
      )}
      {l.state === 'out-of-service' ? (
        <button type="button" onClick={() => void act(l, 'service', { inService: true })}>
          {t('lines.putBack')}
        </button>
      ) : (
        <button
          type="button"
          class="secondary"
          onClick={() =>
            void act(l, 'service', { inService: false, ...(reason.trim() ? { reason: reason.trim() } : {}) })
          }
        >
          {t('lines.takeOut')}
        </button>
      )}
    </>
  );
  return (
    <Section title={t('lines.panel', { name: l.name, id: l.id })} id={`line-${l.id}`} actions={actions}>
      <p class={`note ${l.state === 'idle' || l.state === 'busy' ? 'ok' : 'error'}`} data-testid="line-state">
        {stateText(l.state)}
      </p>
      {missing && (
        <p class="note error" role="alert">
          {t('lines.missingReader', { reader: l.reader! })}
        </p>
      )}
      <Facts
        label={t('lines.panel', { name: l.name, id: l.id })}
        rows={[
          [t('lines.why'), reasonText(l)],
          [t('lines.job'), job],
          [t('lines.feeder'), l.stock.inFeeder],
          [t('lines.ribbonType'), l.ribbon.type ?? '—'],
          [t('lines.ribbonLeft'), l.ribbon.remaining ?? '—'],
          [t('lines.readerName'), l.reader ?? t('lines.readerAny')],
          [t('lines.cardsMade'), `${l.throughput.issued} / ${l.throughput.spoiled}`],
          [t('lines.lastHour'), l.throughput.lastHour],
        ]}
      />
      {l.state !== 'out-of-service' && (
        <label>
          {t('lines.outReason')}
          <input
            type="text"
            maxLength={200}
            value={reason}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          />
        </label>
      )}
    </Section>
  );
}
