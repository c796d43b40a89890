import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { PageProps } from '../app.js';
import { ErrorNote, Section } from '../components/common.js';
import { t, type MessageKey } from '../i18n/index.js';
import { useFetch } from '../pages/technician/use-fetch.js';

const FAULTS = [
  'ribbon-ends',
  'cover-opens-on-back',
  'card-jams',
  'feeder-empty',
  'card-pulled-from-encoder',
] as const;
type Fault = (typeof FAULTS)[number];

interface Drill {
  id: string;
  fault: Fault;
  card: number;
  state: 'scheduled' | 'armed' | 'cancelled';
  documentNumber: string | null;
  trainee: string | null;
  met: string | null;
  cleared: boolean;
}

const faultLabel = (f: Fault): string => t(`drills.fault.${f}` as MessageKey);

/**
 * The trainer's page (training mode, admin): schedule a fault of the emulated printer or encoder
 * at a card ("the ribbon ends during the 3rd card"), see the drills waiting and, per trainee,
 * the cards the faults hit, what the trainee met and whether they cleared it.
 */
export function DrillsPage(_props: PageProps) {
  const drills = useFetch<Drill[]>('/training/drills');
  const [fault, setFault] = useState<Fault>('ribbon-ends');
  const [card, setCard] = useState('1');
  const [error, setError] = useState<unknown>(null);
  const [msg, setMsg] = useState('');
  const cardNo = Number(card);
  const cardOk = Number.isInteger(cardNo) && cardNo >= 1 && cardNo <= 100;

  const schedule = async (e: Event) => {
    e.preventDefault();
    if (!cardOk) return;
    setError(null);
    setMsg('');
    try {
      await api('POST', '/training/drills', { fault, card: cardNo });
      setMsg(t('drills.scheduled', { fault: faultLabel(fault), card: cardNo }));
      void drills.reload();
    } catch (err) {
      setError(err);
    }
  };
  const cancel = async (id: string) => {
    setError(null);
    setMsg('');
    try {
      await api('DELETE', `/training/drills/${encodeURIComponent(id)}`);
      void drills.reload();
    } catch (err) {
      setError(err);
    }
  };

  const list = drills.data ?? [];
  const waiting = list.filter((d) => d.state === 'scheduled');
  const happened = list.filter((d) => d.state === 'armed');
  const trainees = [...new Set(happened.map((d) => d.trainee ?? '—'))].sort();

  return (
    <div class="page" data-testid="drills">
      <h1>{t('drills.title')}</h1>
      <p>{t('drills.intro')}</p>
      <ErrorNote error={drills.error ?? error} />
      {msg && (
        <p class="note ok" role="status">
          {msg}
        </p>
      )}
      <Section title={t('drills.schedule')} id="drill-new">
        <form onSubmit={schedule} class="form-row">
          <label>
            <span>{t('drills.fault')}</span>
            <select
              name="fault"
              value={fault}
              onChange={(e) => setFault((e.target as HTMLSelectElement).value as Fault)}
            >
              {FAULTS.map((f) => (
                <option key={f} value={f}>
                  {faultLabel(f)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('drills.card')}</span>
            <input
              name="card"
              type="number"
              min={1}
              max={100}
              inputMode="numeric"
              value={card}
              aria-invalid={!cardOk}
              aria-describedby="drill-card-help"
              onInput={(e) => setCard((e.target as HTMLInputElement).value)}
            />
          </label>
          <p id="drill-card-help" class="hint">
            {t('drills.cardHelp')}
          </p>
          <button type="submit" class="primary" disabled={!cardOk}>
            {t('drills.add')}
          </button>
        </form>
      </Section>
      <Section title={t('drills.waiting')} id="drill-waiting">
        {waiting.length === 0 ? (
          <p>{t('drills.none')}</p>
        ) : (
          <ul data-testid="drills-waiting">
            {waiting.map((d) => (
              <li key={d.id}>
                {t('drills.at', { fault: faultLabel(d.fault), card: d.card })}{' '}
                <button type="button" class="secondary" onClick={() => void cancel(d.id)}>
                  {t('drills.cancel')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('drills.trainees')} id="drill-trainees">
        {trainees.length === 0 ? (
          <p>{t('drills.noneYet')}</p>
        ) : (
          trainees.map((name) => (
            <table key={name} data-testid={`trainee-${name}`}>
              <caption>{name}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('drills.col.card')}</th>
                  <th scope="col">{t('drills.col.fault')}</th>
                  <th scope="col">{t('drills.col.met')}</th>
                  <th scope="col">{t('drills.col.cleared')}</th>
                </tr>
              </thead>
              <tbody>
                {happened
                  .filter((d) => (d.trainee ?? '—') === name)
                  .map((d) => (
                    <tr key={d.id}>
                      <td dir="ltr">{d.documentNumber ?? '—'}</td>
                      <td>{faultLabel(d.fault)}</td>
                      <td>{d.met ? t('drills.met', { code: d.met }) : t('drills.notYet')}</td>
                      <td>{d.cleared ? t('drills.yes') : t('drills.no')}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          ))
        )}
      </Section>
    </div>
  );
}
