import { useState } from 'preact/hooks';
import { api, asList } from '../../api.js';
import { ErrorNote, KeyValues, Section } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import { useFetch } from './use-fetch.js';

export function BoardPanel() {
  const board = useFetch<{ connected?: boolean; light?: unknown; readings?: Record<string, unknown> }>(
    '/board',
  );
  const cams = useFetch<unknown>('/cameras');
  const [msg, setMsg] = useState('');
  const [error, setError] = useState<unknown>(null);
  const lightTest = async () => {
    setError(null);
    try {
      await api('POST', '/board/light-test');
      setMsg(t('board.lightTestDone'));
      void board.reload();
    } catch (e) {
      setError(e);
    }
  };
  const b = board.data;
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
            <KeyValues data={{ [t('board.connected')]: b.connected, [t('board.light')]: b.light }} />
            <h3>{t('board.readings')}</h3>
            <KeyValues data={b.readings} label={t('board.readings')} />
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
        {cams.data !== null && asList(cams.data, 'cameras').length === 0 && (
          <p class="muted">{t('common.none')}</p>
        )}
        {asList<Record<string, unknown>>(cams.data, 'cameras').map((c, i) => (
          <div key={String(c.id ?? i)}>
            <h3>{String(c.id ?? i)}</h3>
            <KeyValues data={c} />
          </div>
        ))}
      </Section>
    </>
  );
}
