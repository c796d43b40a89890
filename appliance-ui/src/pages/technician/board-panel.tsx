import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote, Facts, KeyValues, Section } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import { eventText, label, withCode } from '../../i18n/words.js';
import type { BoardStatus, CameraList } from '../../types.js';
import { useFetch } from './use-fetch.js';

/** Why the tower light shows its colour, one line per reason, in words. */
export function lightReasons(r: BoardStatus['reasons']): string[] {
  const out: string[] = [];
  if (r.needsOperator.length) out.push(t('light.needsOperator', { n: r.needsOperator.length }));
  for (const id of r.faults) out.push(t('light.deviceFault', { id }));
  if (r.lock) out.push(t('light.locked', { reason: r.lock.replace(/^[a-z]+: /, '') }));
  for (const w of r.warnings) {
    const i = w.indexOf(':');
    if (i < 0) out.push(t('light.deviceDegraded', { id: w }));
    else {
      const code = w.slice(i + 1);
      out.push(`${withCode(eventText(code), code)} — ${w.slice(0, i)}`);
    }
  }
  if (r.busy.length) out.push(t('light.busy', { n: r.busy.length }));
  return out;
}

export function BoardPanel() {
  const board = useFetch<BoardStatus>('/board');
  const cams = useFetch<CameraList>('/cameras');
  const [msg, setMsg] = useState('');
  const [error, setError] = useState<unknown>(null);
  const lightTest = async () => {
    setError(null);
    setMsg('');
    try {
      await api('POST', '/board/light-test');
      setMsg(t('board.lightTestDone'));
      void board.reload();
    } catch (e) {
      setError(e);
    }
  };
  const b = board.data;
  const reasons = b ? lightReasons(b.reasons) : [];
  return (
    <>
      <Section
        title={t('diag.board')}
        id="board"
        actions={
          <button type="button" class="secondary" onClick={() => board.reload()}>
            {t('common.refresh')}
          </button>
        }
      >
        <ErrorNote error={board.error} />
        {b && (
          <>
            <Facts
              rows={[
                [t('board.connected'), b.connected],
                [t('board.light'), label('light', b.light)],
                [t('board.state'), label('stationState', b.state)],
              ]}
            />
            <h3>{t('board.why')}</h3>
            {reasons.length === 0 ? (
              <p class="muted" data-testid="light-reasons">
                {t('light.allWell')}
              </p>
            ) : (
              <ul data-testid="light-reasons">
                {reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
            <h3>{t('board.readings')}</h3>
            <KeyValues data={b.readings} label={t('board.readings')} prefix="reading" />
          </>
        )}
        <button type="button" onClick={lightTest}>
          {t('board.lightTest')}
        </button>
        <p role="status">{msg}</p>
        <ErrorNote error={error} />
      </Section>
      <Section title={t('board.cameras')} id="cameras">
        <ErrorNote error={cams.error} />
        {cams.data !== null && cams.data.items.length === 0 && <p class="muted">{t('common.none')}</p>}
        {(cams.data?.items ?? []).map((c) => (
          <div key={c.id}>
            <h3>{c.id}</h3>
            <Facts
              rows={[
                [t('camera.driver'), c.driver],
                [t('camera.online'), c.health.online],
                [
                  t('camera.size'),
                  c.health.width && c.health.height ? `${c.health.width} × ${c.health.height}` : '—',
                ],
                [
                  t('camera.lastError'),
                  c.health.lastError
                    ? withCode(eventText(`CAMERA_${c.health.lastError.code}`), c.health.lastError.code)
                    : '—',
                ],
              ]}
            />
          </div>
        ))}
      </Section>
    </>
  );
}
