import type { SealContent } from '../../../gateway/document/seal/seal-content.js';
import type { WebSealVerdict } from '../../../gateway/document/seal/verify-web.js';
import { expiryIso } from '../../../gateway/document/mrz/read-td1.js';
import { t, tCode, type MessageKey } from '../i18n/index.js';
import type { Overall } from './overall.js';
import type { StatusAnswer } from './status.js';

const GOOD: ReadonlySet<Overall> = new Set(['valid']);

export function ResultView(props: {
  verdict: WebSealVerdict;
  content: SealContent | null;
  status: StatusAnswer | null;
  overall: Overall;
  onRecheck: () => void;
}) {
  const { verdict, content, status, overall } = props;
  return (
    <section class="verify-result" aria-labelledby="verify-overall">
      <h2
        id="verify-overall"
        class={`verify-overall ${GOOD.has(overall) ? 'ok' : 'bad'}`}
        data-testid="overall"
        data-overall={overall}
        role="status"
      >
        {t(`verify.overall.${overall}` as MessageKey)}
      </h2>
      <dl class="verify-facts">
        <dt>{t('verify.seal')}</dt>
        <dd data-testid="seal-verdict" data-verdict={verdict.valid ? 'valid' : 'invalid'}>
          {verdict.valid
            ? `${t('verify.seal.valid', { subject: verdict.signer?.subject ?? '' })}${
                verdict.chain === 'unchecked' ? ` ${t('verify.seal.chainUnchecked')}` : ''
              }`
            : t(`verify.seal.${verdict.reason}` as MessageKey, {
                reference: verdict.seal?.header.certReference ?? '?',
              })}
        </dd>
        <dt>{t('verify.status')}</dt>
        <dd
          data-testid="document-status"
          data-status={status?.kind === 'known' ? status.status.status : (status?.kind ?? '')}
        >
          <StatusText status={status} />{' '}
          {status && (
            <button type="button" class="secondary" data-testid="recheck" onClick={props.onRecheck}>
              {t('verify.status.recheck')}
            </button>
          )}
        </dd>
      </dl>
      {content && <SealData content={content} />}
    </section>
  );
}

function StatusText({ status }: { status: StatusAnswer | null }) {
  if (!status) return <span aria-busy="true">{t('common.loading')}</span>;
  if (status.kind === 'offline') return <span>{t('verify.status.offline')}</span>;
  if (status.kind === 'sign-in')
    return (
      <span>
        {t('verify.status.signIn')} <a href="/login">{t('verify.signIn')}</a>
      </span>
    );
  if (status.kind === 'failed')
    return <span>{t('verify.status.failed', { code: tCode('error', status.code) })}</span>;
  const s = status.status;
  const source =
    s.source === 'hq'
      ? t('verify.status.fromHq')
      : s.asOf
        ? t('verify.status.fromStation', { date: s.asOf.slice(0, 16).replace('T', ' ') })
        : t('verify.status.fromStationNever');
  return (
    <span>
      <strong>{t(`verify.status.${s.status}` as MessageKey)}</strong>
      {s.changedAt ? ` ${t('verify.status.since', { date: s.changedAt.slice(0, 10) })}` : ''} · {source}
    </span>
  );
}

function SealData({ content }: { content: SealContent }) {
  const f = content.fields;
  const rows: [MessageKey, string][] = [];
  if (f) {
    rows.push(
      ['verify.field.documentNumber', f.documentNumber],
      ['verify.field.documentCode', f.documentCode],
      ['verify.field.issuingState', f.issuingState],
      ['verify.field.surname', f.primaryIdentifier],
      ['verify.field.givenNames', f.secondaryIdentifier],
      ['verify.field.dateOfBirth', f.dateOfBirth.replaceAll('<', '?')],
      ['verify.field.sex', f.sex === '<' ? '—' : f.sex],
      ['verify.field.dateOfExpiry', expiryIso(f.dateOfExpiry)],
      ['verify.field.nationality', f.nationality],
    );
  }
  if (content.personalCode) rows.push(['verify.field.personalCode', content.personalCode]);
  if (content.identityDeclared !== null)
    rows.push([
      'verify.field.identityDeclared',
      t(content.identityDeclared ? 'verify.field.identityDeclared.yes' : 'verify.field.identityDeclared.no'),
    ]);
  rows.push(
    ['verify.field.issueDate', content.issueDate],
    ['verify.field.signatureDate', content.signatureDate],
  );
  if (f)
    rows.push([
      'verify.field.checkDigits',
      t(f.checkDigitsHold ? 'verify.field.checkDigits.ok' : 'verify.field.checkDigits.bad'),
    ]);
  return (
    <section aria-labelledby="verify-data">
      <h3 id="verify-data">{t('verify.data')}</h3>
      <p>{t('verify.compare')}</p>
      <dl class="verify-facts" data-testid="seal-data">
        {rows.map(([k, v]) => (
          <>
            <dt key={`${k}-t`}>{t(k)}</dt>
            <dd key={`${k}-d`} data-field={k.slice('verify.field.'.length)}>
              {v}
            </dd>
          </>
        ))}
      </dl>
      {content.mrz && (
        <>
          <h4>{t('verify.field.mrz')}</h4>
          <pre class="verify-mrz" data-testid="seal-mrz">
            {content.mrz.join('\n')}
          </pre>
        </>
      )}
    </section>
  );
}
