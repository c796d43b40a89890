import { useState } from 'preact/hooks';
import { ErrorNote } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import { caseworkerApi } from './caseworker-api.js';

/** Revoke, or report lost, with a reason; HQ tells every station (their local status lists). */
export function StatusActions(props: { number: string; status: string; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // A revoked, voided or replaced document cannot change; a lost one can still be revoked.
  const canRevoke = props.status === 'valid' || props.status === 'expired' || props.status === 'lost';
  const canLose = props.status === 'valid' || props.status === 'expired';
  if (!canRevoke) return null;
  const act = async (action: 'revoke' | 'lost') => {
    if (
      !confirm(
        t(action === 'revoke' ? 'caseworker.confirmRevoke' : 'caseworker.confirmLost', {
          number: props.number,
        }),
      )
    )
      return;
    setBusy(true);
    setError(null);
    try {
      await caseworkerApi.setStatus(props.number, action, reason.trim());
      setReason('');
      props.onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const ok = reason.trim().length >= 3;
  return (
    <section aria-labelledby="cw-actions-h">
      <h2 id="cw-actions-h">{t('caseworker.actions')}</h2>
      <label>
        {t('caseworker.actionReason')}
        <input
          name="status-reason"
          value={reason}
          minLength={3}
          maxLength={500}
          onInput={(e) => setReason((e.target as HTMLInputElement).value)}
        />
      </label>
      <div class="row">
        <button
          type="button"
          class="danger"
          data-testid="cw-revoke"
          disabled={!ok || busy}
          onClick={() => act('revoke')}
        >
          {t('caseworker.revoke')}
        </button>
        {canLose && (
          <button
            type="button"
            class="secondary"
            data-testid="cw-lost"
            disabled={!ok || busy}
            onClick={() => act('lost')}
          >
            {t('caseworker.lost')}
          </button>
        )}
      </div>
      <ErrorNote error={error} />
    </section>
  );
}
