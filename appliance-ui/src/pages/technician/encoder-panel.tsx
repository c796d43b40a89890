import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote, KeyValues, Section, StateBadge } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import type { DeviceState } from '../../types.js';
import { useFetch } from './use-fetch.js';

export function EncoderPanel({ encoders }: { encoders: DeviceState[] }) {
  if (encoders.length === 0)
    return (
      <Section title={t('diag.encoder')}>
        <p class="muted">{t('encoder.none')}</p>
      </Section>
    );
  return (
    <>
      {encoders.map((e) => (
        <OneEncoder key={e.id} device={e} />
      ))}
    </>
  );
}

function OneEncoder({ device }: { device: DeviceState }) {
  const base = `/encoders/${encodeURIComponent(device.id)}`;
  const state = useFetch<Record<string, unknown>>(base, [device.state, device.lastSeen]);
  const [read, setRead] = useState<{
    files?: Record<string, number>;
    verify?: { ok: boolean; failures?: unknown[] };
  } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const readBack = async () => {
    setBusy(true);
    setError(null);
    setRead(null);
    try {
      setRead(await api('POST', `${base}/read`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section
      title={`${t('diag.encoder')} ${device.id}`}
      id={`encoder-${device.id}`}
      actions={
        <button type="button" class="secondary" onClick={() => state.reload()}>
          {t('common.refresh')}
        </button>
      }
    >
      <p>
        <StateBadge state={device.state} />
      </p>
      <ErrorNote error={state.error} />
      <KeyValues data={state.data ?? device.info} label={t('diag.encoder')} prefix="encoderField" />
      <button type="button" onClick={readBack} disabled={busy}>
        {busy ? t('printer.running') : t('encoder.read')}
      </button>
      <ErrorNote error={error} />
      {read && (
        <div role="status">
          <h3>{t('encoder.files')}</h3>
          <KeyValues data={read.files} label={t('encoder.files')} prefix="chipFile" />
          <p class={read.verify?.ok ? 'note ok' : 'note error'}>
            {read.verify?.ok
              ? t('encoder.verifyOk')
              : t('encoder.verifyBad', { failures: (read.verify?.failures ?? []).join(', ') })}
          </p>
        </div>
      )}
    </Section>
  );
}
