import { useEffect, useRef, useState } from 'preact/hooks';
import { api, API } from '../api.js';
import { ErrorNote } from '../components/common.js';
import { formatTime, t, type MessageKey } from '../i18n/index.js';

export interface DeskStatus {
  paired: boolean;
  connected: boolean;
  pendingCode: { code: string; expiresAt: string } | null;
  stage: string;
  draftId: string | null;
  answer: { draftId: string; answer: 'correct' | 'wrong'; field: string | null } | null;
  override: { draftId: string; at: string } | null;
  cleared: boolean;
  jobId: string | null;
}

/** This desk's applicant screen, live (null until the first answer). */
export function useDesk(): DeskStatus | null {
  const [s, setS] = useState<DeskStatus | null>(null);
  useEffect(() => {
    const src = new EventSource(`${API}/applicant/desk/events`, { withCredentials: true });
    src.addEventListener('desk', (e) => setS(JSON.parse((e as MessageEvent<string>).data) as DeskStatus));
    return () => src.close();
  }, []);
  return s;
}

/** Issue stays off while a paired screen has not confirmed this draft (the gateway refuses it too). */
export const issueBlocked = (d: DeskStatus | null): boolean => !!d?.paired && !d.cleared;

/**
 * The operator's side of the applicant screen: pairing code, screen connected or not, the
 * applicant's answer (naming the field they pointed at), the verbal confirmation with a reason,
 * and "call next" for the waiting room. The data go to the screen by themselves once the form
 * is complete with a photo, so a quick "Correct" adds no step for the operator.
 */
export function DeskPanel(props: {
  desk: DeskStatus | null;
  draft: { person: unknown; photo: string } | null;
  locked: boolean;
}) {
  const { desk, draft } = props;
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [verbal, setVerbal] = useState(false);
  const [ticket, setTicket] = useState<number | null>(null);
  const sent = useRef<string>('');

  // Show the current data on the screen (debounced); the same data again keeps the answer.
  const key = draft ? JSON.stringify(draft.person) + draft.photo.length + draft.photo.slice(-64) : '';
  useEffect(() => {
    if (!desk?.paired || !draft || props.locked) return;
    if (sent.current === key && desk.draftId) return;
    const timer = setTimeout(() => {
      sent.current = key;
      api('POST', '/applicant/desk/draft', draft).then(() => setError(null), setError);
    }, 400);
    return () => clearTimeout(timer);
  }, [key, desk?.paired, desk?.draftId === null, props.locked]);

  const call = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    }
  };
  const fieldName = (f: string) => t(`deskField.${f}` as MessageKey);

  return (
    <section class="card" aria-labelledby="desk-h" data-testid="desk-panel">
      <h2 id="desk-h">{t('desk.title')}</h2>
      {!desk?.paired && <p class="muted">{t('desk.unpaired')}</p>}
      {desk?.paired && (
        <p
          class={desk.connected ? 'note ok' : 'note fault'}
          role="status"
          data-testid="desk-link"
          data-connected={desk.connected}
        >
          {desk.connected ? t('desk.paired') : t('desk.disconnected')}
        </p>
      )}
      {desk?.pendingCode && (
        <p class="note info" data-testid="pairing-code" data-code={desk.pendingCode.code}>
          {t('desk.code', { code: desk.pendingCode.code, until: formatTime(desk.pendingCode.expiresAt) })}
        </p>
      )}
      <div class="row">
        <button type="button" class="secondary" onClick={() => call(() => api('POST', '/applicant/pairing'))}>
          {desk?.paired ? t('desk.repair') : t('desk.pair')}
        </button>
        {desk?.paired && (
          <button
            type="button"
            class="secondary"
            onClick={() => call(() => api('DELETE', '/applicant/pairing'))}
          >
            {t('desk.unpair')}
          </button>
        )}
      </div>
      {desk?.paired && desk.draftId && (
        <div
          data-testid="desk-answer"
          data-cleared={desk.cleared}
          data-answer={desk.answer?.answer ?? ''}
          data-field={desk.answer?.field ?? ''}
        >
          {desk.answer?.answer === 'correct' && <p class="note ok">{t('desk.confirmed')}</p>}
          {desk.answer?.answer === 'wrong' && (
            <p class="note warn" role="alert">
              {desk.answer.field
                ? t('desk.wrong', { field: fieldName(desk.answer.field) })
                : t('desk.wrongGeneral')}
            </p>
          )}
          {desk.override && <p class="note ok">{t('desk.verbalDone')}</p>}
          {!desk.answer && !desk.override && <p class="hint">{t('desk.waiting')}</p>}
          {!desk.cleared && !verbal && (
            <button type="button" class="link" onClick={() => setVerbal(true)}>
              {t('desk.verbal')}
            </button>
          )}
          {!desk.cleared && verbal && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void call(() =>
                  api('POST', '/applicant/desk/override', { draftId: desk.draftId, reason }),
                ).then(() => setVerbal(false));
              }}
            >
              <label>
                {t('desk.verbalReason')}
                <input
                  name="reason"
                  value={reason}
                  onInput={(e) => setReason((e.target as HTMLInputElement).value)}
                  maxLength={300}
                />
              </label>
              <button type="submit" class="secondary">
                {t('desk.verbalSave')}
              </button>
            </form>
          )}
        </div>
      )}
      {desk?.paired && !desk.cleared && <p class="hint">{t('desk.gate')}</p>}
      <div class="row">
        <button
          type="button"
          class="secondary"
          data-testid="call-next"
          onClick={() =>
            call(async () => {
              try {
                const tk = await api<{ number: number }>('POST', '/queue/next');
                setTicket(tk.number);
              } catch (e) {
                setTicket(null);
                throw e;
              }
            })
          }
        >
          {t('desk.callNext')}
        </button>
        {ticket !== null && <span data-testid="called-ticket">{t('desk.calling', { number: ticket })}</span>}
      </div>
      <ErrorNote error={error} />
    </section>
  );
}
