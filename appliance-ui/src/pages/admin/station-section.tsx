import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote, Facts, Section } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import { label } from '../../i18n/words.js';
import type { Station, StationCounters } from '../../types.js';
import { useFetch } from '../technician/use-fetch.js';

function counterRows(c: StationCounters | undefined): {
  rows: [string, unknown][];
  today: [string, unknown][];
} {
  if (!c) return { rows: [], today: [] };
  const kinds = Object.entries(c.totals.byKind ?? {})
    .map(([k, n]) => `${label('kind', k)}: ${n}`)
    .join(', ');
  return {
    rows: [
      [t('station.issued'), c.totals.issued],
      [t('station.spoiled'), c.totals.spoiled],
      [t('station.voided'), c.totals.voided],
      [t('station.byKind'), kinds || '—'],
    ],
    today: [
      [t('station.issued'), c.today.issued],
      [t('station.spoiled'), c.today.spoiled],
      [t('station.voided'), c.today.voided],
    ],
  };
}

/** The station's lock, numbers left and counters, in words; lock or unlock issuing. */
export function StationSection(props: { onNotice: (text: string) => void; onAction: () => void }) {
  const station = useFetch<Station>('/station');
  const [lockReason, setLockReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const s = station.data;
  const locked = s?.locked === true;
  const setLocked = async (e: Event) => {
    e.preventDefault();
    props.onAction();
    setError(null);
    try {
      const r = await api<Station>(
        'POST',
        locked ? '/station/unlock' : '/station/lock',
        locked ? {} : { reason: lockReason.trim() || undefined },
      );
      station.setData(r);
      props.onNotice(locked ? t('admin.unlocked') : t('admin.locked'));
      setLockReason('');
    } catch (err) {
      setError(err);
    }
  };
  const c = counterRows(s?.counters as StationCounters | undefined);
  return (
    <Section title={t('admin.station')} id="station">
      <ErrorNote error={station.error} />
      {s && (
        <>
          <Facts
            label={t('admin.station')}
            rows={[
              [t('station.issuing'), s.locked ? t('station.issuingLocked') : t('station.issuingAllowed')],
              ...(s.locked ? ([[t('station.lockReason'), s.lockReason ?? '']] as [string, unknown][]) : []),
              [t('station.numbersLeft'), s.numbersRemaining],
            ]}
          />
          <h3>{t('station.today')}</h3>
          <Facts label={t('station.today')} rows={c.today} />
          <h3>{t('station.totals')}</h3>
          <Facts label={t('station.totals')} rows={c.rows} />
        </>
      )}
      <form class="row wrap" onSubmit={setLocked}>
        {!locked && (
          <label class="grow">
            {t('admin.lockReason')}
            <input
              value={lockReason}
              maxLength={300}
              onInput={(e) => setLockReason((e.target as HTMLInputElement).value)}
            />
          </label>
        )}
        <button type="submit" class={locked ? '' : 'danger'} data-testid="lock">
          {locked ? t('admin.unlock') : t('admin.lock')}
        </button>
      </form>
      <ErrorNote error={error} />
      <p class="hint">{t('admin.settingsNote')}</p>
    </Section>
  );
}
