import { ErrorNote, Section, StateBadge } from '../../components/common.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { faultText, label, showValue, withCode } from '../../i18n/words.js';
import type { DeviceState } from '../../types.js';

/** Model · serial · firmware when the driver reported them (flat or under `identity`), else what it did report. */
function identity(d: DeviceState): string {
  const id = (d.info.identity ?? d.info) as Record<string, unknown>;
  const parts = ['model', 'serial', 'firmware'].filter((k) => id[k] !== undefined).map((k) => String(id[k]));
  if (parts.length) return parts.join(' · ');
  const rest = Object.entries(d.info).filter(([k]) => k !== 'emulated' && k !== 'identity');
  return rest.length ? rest.map(([k, v]) => `${label('field', k)}: ${showValue(v)}`).join(' · ') : '—';
}

export function DevicesPanel(props: { devices: DeviceState[]; error: unknown; onReload: () => void }) {
  return (
    <Section
      title={t('diag.devices')}
      id="devices"
      actions={
        <button type="button" class="secondary" onClick={props.onReload}>
          {t('common.refresh')}
        </button>
      }
    >
      <ErrorNote error={props.error} />
      {props.devices.length === 0 ? (
        <p class="muted">{t('common.none')}</p>
      ) : (
        <table data-testid="devices">
          <caption class="sr-only">{t('diag.devices')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dev.id')}</th>
              <th scope="col">{t('dev.class')}</th>
              <th scope="col">{t('dev.state')}</th>
              <th scope="col">{t('dev.identity')}</th>
              <th scope="col">{t('dev.transport')}</th>
              <th scope="col">{t('dev.lastSeen')}</th>
              <th scope="col">{t('dev.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {props.devices.map((d) => (
              <tr key={d.id} data-device={d.id}>
                <th scope="row">
                  {d.id}
                  {d.emulated && <span class="badge emulated">{t('dev.emulated')}</span>}
                </th>
                <td>{label('class', d.class)}</td>
                <td>
                  <StateBadge state={d.state} />
                </td>
                <td>{identity(d)}</td>
                <td class="mono">
                  {d.driver} {d.transport}
                </td>
                <td>{formatDateTime(d.lastSeen)}</td>
                <td>{d.lastErrorCode ? withCode(faultText(d.lastErrorCode), d.lastErrorCode) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
