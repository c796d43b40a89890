import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote, Facts, Section } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import { spoilReason } from '../../i18n/words.js';
import type { Reconciliation, Stock, StockTotals } from '../../types.js';
import { useFetch } from './use-fetch.js';

const today = () => new Date().toISOString().slice(0, 10);

export function StockPanel() {
  const stock = useFetch<Stock>('/stock');
  const [count, setCount] = useState('100');
  const [date, setDate] = useState(today());
  const recon = useFetch<Reconciliation>(`/stock/reconciliation?date=${date}`, [date]);
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
        {stock.data && (
          <Facts
            label={t('diag.stock')}
            rows={[
              ...totalsRows(stock.data),
              [
                t('stock.identityHolds'),
                stock.data.identityHolds ? t('common.yes') : t('stock.identityBroken'),
              ],
            ]}
          />
        )}
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
        {recon.data && <ReconciliationView r={recon.data} />}
      </Section>
    </>
  );
}

function totalsRows(x: StockTotals): [string, unknown][] {
  return [
    [t('stock.loadedTotal'), x.loaded],
    [t('stock.inFeeder'), x.inFeeder],
    [t('stock.good'), x.good],
    [t('stock.spoiled'), x.spoiled],
    [t('stock.voided'), x.voided],
  ];
}

/** A day's movements and whether they balance, with spoil reasons in words. */
function ReconciliationView({ r }: { r: Reconciliation }) {
  const reasons = Object.entries(r.spoiledByReason);
  return (
    <>
      <p class={r.balanced ? 'note ok' : 'note error'} data-testid="balanced">
        {r.balanced ? t('stock.balanced') : t('stock.unbalanced')}
      </p>
      <Facts
        label={t('stock.reconciliation')}
        rows={[
          [t('stock.loadedTotal'), r.loaded],
          [t('stock.good'), r.good],
          [t('stock.spoiled'), r.spoiled],
          [t('stock.voided'), r.voided],
          [t('stock.events'), r.events],
          ...(r.printer
            ? ([
                [t('stock.printerCards'), r.printer.cards],
                [t('stock.expectedCards'), r.printer.expectedCards],
                [t('stock.printerAgrees'), r.printer.agrees ? t('common.yes') : t('stock.printerDiffers')],
              ] as [string, unknown][])
            : []),
        ]}
      />
      <h3>{t('stock.opening')}</h3>
      <Facts rows={totalsRows(r.opening)} label={t('stock.opening')} />
      <h3>{t('stock.closing')}</h3>
      <Facts rows={totalsRows(r.closing)} label={t('stock.closing')} />
      {reasons.length > 0 && (
        <>
          <h3>{t('stock.spoiledByReason')}</h3>
          <Facts rows={reasons.map(([k, n]) => [spoilReason(k), n])} label={t('stock.spoiledByReason')} />
        </>
      )}
    </>
  );
}
