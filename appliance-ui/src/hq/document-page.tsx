import { useState } from 'preact/hooks';
import type { Static } from 'typebox';
import type { DocumentView } from '../../../gateway/hq/registry/routes.js';
import { api } from '../api.js';
import { ErrorNote, Facts } from '../components/common.js';
import { t } from '../i18n/index.js';

type Doc = Static<typeof DocumentView>;

/** A document's status by its number (verifier and up): no personal data. */
export function DocumentPage() {
  const [number, setNumber] = useState('');
  const [doc, setDoc] = useState<Doc | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const look = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDoc(null);
    try {
      setDoc(await api<Doc>('GET', `/documents/${encodeURIComponent(number.trim().toUpperCase())}`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="hq-doc-h">
      <h1 id="hq-doc-h">{t('hq.documents.title')}</h1>
      <form onSubmit={look}>
        <label>
          {t('hq.documents.number')}
          <input
            name="number"
            required
            pattern="[A-Za-z0-9]{1,20}"
            value={number}
            onInput={(e) => setNumber((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {t('hq.documents.look')}
        </button>
      </form>
      <ErrorNote error={error} />
      {doc && (
        <div data-testid="document-status" data-status={doc.status}>
          <p class={`status status-${doc.status}`}>
            <strong>{t(`hq.status.${doc.status}`)}</strong>
          </p>
          <Facts
            rows={[
              [t('hq.documents.number'), doc.number],
              [t('hq.documents.code'), doc.documentCode],
              [t('hq.documents.issued'), doc.dateOfIssue],
              [t('hq.documents.expires'), doc.dateOfExpiry],
              [t('hq.documents.station'), `${doc.site} / ${doc.station}`],
            ]}
          />
        </div>
      )}
    </section>
  );
}
