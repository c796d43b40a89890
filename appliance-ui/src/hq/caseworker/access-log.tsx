import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import { caseworkerApi, type AccessEntryT } from './caseworker-api.js';

/** Who looked at or changed this document's records, when and why (HQ's audit trail). */
export function AccessLog(props: { number: string; version: number }) {
  const [items, setItems] = useState<AccessEntryT[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    caseworkerApi.access(props.number).then((r) => setItems(r.items), setError);
  }, [props.number, props.version]);
  return (
    <section aria-labelledby="cw-access-h">
      <h2 id="cw-access-h">{t('caseworker.access')}</h2>
      <ErrorNote error={error} />
      {items && (
        <table class="caseworker-table" data-testid="cw-access">
          <thead>
            <tr>
              <th>{t('caseworker.when')}</th>
              <th>{t('caseworker.by')}</th>
              <th>{t('caseworker.accessAction')}</th>
              <th>{t('caseworker.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e, i) => (
              <tr key={i}>
                <td>{e.at.slice(0, 19).replace('T', ' ')}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{e.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
