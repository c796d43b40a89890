import { useEffect, useState } from 'preact/hooks';
import type { ReissueWarningT, VerifyStatusT } from '../../../gateway/revocation/verify-contract.js';
import { api } from '../api.js';
import { t, tCode } from '../i18n/index.js';
import type { Job } from '../types.js';

/**
 * On the re-issue (or extension) form: when HQ announced that the document being replaced was
 * revoked or reported lost (the station's status list), the operator sees the typed warning
 * before issuing. It warns, it does not refuse: the caseworker may have asked for the new card.
 */
export function ReissueWarning(props: { previousJobId: string | null }) {
  const [warning, setWarning] = useState<{ code: ReissueWarningT; number: string; at: string | null } | null>(
    null,
  );
  useEffect(() => {
    setWarning(null);
    const id = props.previousJobId;
    if (!id) return;
    let live = true;
    void (async () => {
      try {
        const job = await api<Job>('GET', `/issuances/${encodeURIComponent(id)}`);
        if (!job.documentNumber) return;
        const s = await api<VerifyStatusT>('GET', `/verify/status/${encodeURIComponent(job.documentNumber)}`);
        if (live && s.warning) setWarning({ code: s.warning, number: s.number, at: s.changedAt });
      } catch {
        /* no status known here: nothing to warn about */
      }
    })();
    return () => {
      live = false;
    };
  }, [props.previousJobId]);
  if (!warning) return null;
  return (
    <p class="note fault" role="alert" data-testid="reissue-warning" data-code={warning.code}>
      <strong>{warning.number}</strong>: {tCode('error', warning.code)}
      {warning.at ? ` (${t('verify.status.since', { date: warning.at.slice(0, 10) })})` : ''}
    </p>
  );
}
