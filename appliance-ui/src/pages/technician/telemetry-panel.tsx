import { ErrorNote, Section } from '../../components/common.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { useFetch } from './use-fetch.js';

interface Telemetry {
  connected: boolean;
  broker: string;
  outboxDepth: number;
  lastPublishedAt: string | null;
  lastError: string | null;
}

export function TelemetryPanel() {
  const tel = useFetch<Telemetry>('/telemetry');
  const d = tel.data;
  return (
    <Section
      title={t('diag.mqtt')}
      id="mqtt"
      actions={
        <button type="button" class="secondary" onClick={() => tel.reload()}>
          {t('common.refresh')}
        </button>
      }
    >
      <ErrorNote error={tel.error} />
      {d && (
        <dl class="kv">
          <div>
            <dt>{t('mqtt.connected')}</dt>
            <dd>
              <span class={`badge state-${d.connected ? 'online' : 'offline'}`}>
                {d.connected ? t('common.yes') : t('common.no')}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('mqtt.broker')}</dt>
            <dd class="mono">{d.broker}</dd>
          </div>
          <div>
            <dt>{t('mqtt.outbox')}</dt>
            <dd>{d.outboxDepth}</dd>
          </div>
          <div>
            <dt>{t('mqtt.lastPublished')}</dt>
            <dd>{formatDateTime(d.lastPublishedAt)}</dd>
          </div>
          <div>
            <dt>{t('mqtt.lastError')}</dt>
            <dd>{d.lastError ?? '—'}</dd>
          </div>
        </dl>
      )}
    </Section>
  );
}
