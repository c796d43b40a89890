import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote, KeyValues, Section } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import { useFetch } from './use-fetch.js';

const today = () => new Date().toISOString().slice(0, 10);

export function StockPanel() {
  const stock = useFetch<Record<string, unknown>>('/stock');
  const [count, setCount] = useState('100');
  const [date, setDate] = useState(today());
  const recon = useFetch<Record<string, unknown>>(`/stock/reconciliation?date=${date}`, [date]);
  const [error, setError] = useState<unknown>(null);
  const [msg, setMsg] = useState('');
  const n = Number(count);
  const okCount = Number.isInteger(n) && n > 0 && n <= 10000;

  const load = async (e: Event) => {
    e.preventDefault();
    if (!okCount) return;
    setError(null);
    try {
      await api('POST', '/stock/load', { count: n });
      setMsg(t('stock.loaded', { n }));
      void stock.reload();
      void recon.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <Section title={t('diag.stock')} id="stock">
        <ErrorNote error={stock.error} />
        <KeyValues data={stock.data} label={t('diag.stock')} />
        <form class="row" onSubmit={load}>
          <label>
            {t('stock.count')}
            <input
              type="number"
              min={1}
              max={10000}
              required
              value={count}
              aria-invalid={!okCount}
              onInput={(e) => setCount((e.target as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" disabled={!okCount}>
            {t('stock.load')}
          </button>
        </form>
        <p role="status">{msg}</p>
        <ErrorNote error={error} />
      </Section>
      <Section title={t('stock.reconciliation')} id="reconciliation">
        <label class="inline">
          {t('stock.date')}
          <input type="date" value={date} onChange={(e) => setDate((e.target as HTMLInputElement).value)} />
        </label>
        <ErrorNote error={recon.error} />
        <KeyValues data={recon.data} label={t('stock.reconciliation')} />
      </Section>
    </>
  );
}
