import { useState } from 'preact/hooks';
import { ErrorNote } from '../../components/common.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { caseworkerApi, type RecordViewT, type SearchInput } from './caseworker-api.js';

/**
 * Search the registry by site, station, date range and name (the name is matched at HQ through a
 * keyed blind index, never stored in clear). A reason is required: HQ audits every record shown.
 */
export function SearchPage(props: { onOpen: (number: string, reason: string) => void }) {
  const [q, setQ] = useState<SearchInput>({ reason: '' });
  const [items, setItems] = useState<RecordViewT[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const field = (k: keyof SearchInput) => ({
    value: q[k] ?? '',
    onInput: (e: Event) => setQ({ ...q, [k]: (e.target as HTMLInputElement).value }),
  });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setItems((await caseworkerApi.search(q)).items);
    } catch (err) {
      setError(err);
      setItems(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="cw-search-h">
      <h1 id="cw-search-h">{t('caseworker.search.title')}</h1>
      <form onSubmit={submit} data-testid="cw-search">
        <div class="grid3">
          <label>
            {t('caseworker.search.name')}
            <input name="name" autocomplete="off" {...field('name')} />
          </label>
          <label>
            {t('caseworker.search.site')}
            <input name="site" {...field('site')} />
          </label>
          <label>
            {t('caseworker.search.station')}
            <input name="station" {...field('station')} />
          </label>
          <label>
            {t('caseworker.search.from')}
            <input name="from" type="date" {...field('from')} />
          </label>
          <label>
            {t('caseworker.search.to')}
            <input name="to" type="date" {...field('to')} />
          </label>
          <label>
            {t('caseworker.reason')}
            <input name="reason" required minLength={3} maxLength={500} {...field('reason')} />
          </label>
        </div>
        <p class="hint">{t('caseworker.reasonHint')}</p>
        <button type="submit" class="primary" disabled={busy}>
          {t('caseworker.search.submit')}
        </button>
      </form>
      <ErrorNote error={error} />
      {items && items.length === 0 && <p class="muted">{t('caseworker.search.none')}</p>}
      {items && items.length > 0 && (
        <table class="caseworker-table" data-testid="cw-results">
          <thead>
            <tr>
              <th>{t('caseworker.number')}</th>
              <th>{t('caseworker.name')}</th>
              <th>{t('caseworker.state')}</th>
              <th>{t('caseworker.where')}</th>
              <th>{t('caseworker.when')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map(({ record: r, recordId }) => (
              <tr key={recordId}>
                <td>
                  <button
                    type="button"
                    class="link"
                    data-testid="cw-open"
                    onClick={() => props.onOpen(r.document.number, q.reason)}
                  >
                    {r.document.number}
                  </button>
                </td>
                <td>{r.person ? `${r.person.surname}, ${r.person.givenNames}` : '—'}</td>
                <td>{t(`caseworker.final.${r.finalState}` as MessageKey)}</td>
                <td>
                  {r.siteId} / {r.stationId}
                </td>
                <td>{r.timestamps.finalAt.slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
