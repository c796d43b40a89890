import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../../components/common.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { AccessLog } from './access-log.js';
import { caseworkerApi, type RecordAnswer } from './caseworker-api.js';
import { StatusActions } from './status-actions.js';

/**
 * One document's records at HQ: its status, the person and photo as printed, its history
 * (issued, voided, replaced, revoked, lost), revoke/lost with a reason, and who looked at it.
 * Opening it is audited at HQ with the reason given.
 */
export function RecordPage(props: { number: string; reason: string; onBack: () => void }) {
  const [answer, setAnswer] = useState<RecordAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    caseworkerApi.record(props.number, props.reason).then(setAnswer, setError);
  }, [props.number, props.reason, version]);

  const latest = answer?.records[answer.records.length - 1]?.record;
  const doc = answer?.document;
  return (
    <section class="card" aria-labelledby="cw-record-h" data-testid="cw-record">
      <button type="button" class="link" onClick={props.onBack}>
        {t('caseworker.back')}
      </button>
      <h1 id="cw-record-h">{t('caseworker.record.title', { number: props.number })}</h1>
      <ErrorNote error={error} />
      {doc && (
        <p data-testid="cw-status" data-status={doc.status}>
          {t('caseworker.status')}: <strong>{t(`verify.status.${doc.status}` as MessageKey)}</strong> ·{' '}
          {doc.site} / {doc.station} · {doc.dateOfIssue} → {doc.dateOfExpiry}
        </p>
      )}
      {latest && (
        <div class="row wrap">
          {latest.photoJpeg && (
            <img
              class="record-photo"
              src={`data:image/jpeg;base64,${latest.photoJpeg}`}
              alt={t('caseworker.photo')}
              data-testid="cw-photo"
            />
          )}
          {latest.person && (
            <dl class="verify-facts grow">
              <dt>{t('verify.field.surname')}</dt>
              <dd data-field="surname">{latest.person.surname}</dd>
              <dt>{t('verify.field.givenNames')}</dt>
              <dd data-field="givenNames">{latest.person.givenNames}</dd>
              <dt>{t('verify.field.dateOfBirth')}</dt>
              <dd>{latest.person.dateOfBirth}</dd>
              <dt>{t('verify.field.nationality')}</dt>
              <dd>{latest.person.nationality}</dd>
              <dt>{t('verify.field.personalCode')}</dt>
              <dd>{latest.person.personalCode ?? '—'}</dd>
              <dt>{t('verify.field.mrz')}</dt>
              <dd>
                <pre class="verify-mrz">{latest.mrz?.join('\n') ?? '—'}</pre>
              </dd>
            </dl>
          )}
        </div>
      )}
      {answer && (
        <>
          <h2>{t('caseworker.history')}</h2>
          <table class="caseworker-table" data-testid="cw-history">
            <thead>
              <tr>
                <th>{t('caseworker.when')}</th>
                <th>{t('caseworker.event')}</th>
                <th>{t('caseworker.by')}</th>
                <th>{t('caseworker.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {answer.history.map((h, i) => (
                <tr key={i} data-event={h.event}>
                  <td>{h.at.slice(0, 16).replace('T', ' ')}</td>
                  <td>{t(`caseworker.event.${h.event}` as MessageKey)}</td>
                  <td>{h.by}</td>
                  <td>{h.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {doc && (
        <StatusActions number={props.number} status={doc.status} onDone={() => setVersion(version + 1)} />
      )}
      <AccessLog number={props.number} version={version} />
    </section>
  );
}
