import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote, Facts, KeyValues, Section, StateBadge } from '../../components/common.js';
import { formatDateTime, hasCode, t, tCode, type MessageKey } from '../../i18n/index.js';
import { faultText, withCode } from '../../i18n/words.js';
import type { DeviceState, FaultList, Role } from '../../types.js';
import { useFetch } from './use-fetch.js';

const ACTIONS: { id: string; label: MessageKey }[] = [
  { id: 'test-card', label: 'printer.testCard' },
  { id: 'clean', label: 'printer.clean' },
  { id: 'reset', label: 'printer.reset' },
  { id: 'eject', label: 'printer.eject' },
  { id: 'reject', label: 'printer.reject' },
];

type Status = Record<string, unknown> & {
  ready?: boolean;
  fault?: string | null;
  ribbon?: { type?: string | null; remaining?: number | null; ended?: boolean };
  coverOpen?: boolean | null;
  feeder?: { empty?: boolean | null };
  cardInside?: boolean | null;
  needsCleaning?: boolean;
  counters?: Record<string, unknown>;
  sensors?: Record<string, unknown>;
};

export function PrinterPanel({ printers, role }: { printers: DeviceState[]; role: Role }) {
  const [id, setId] = useState(printers[0]?.id ?? '');
  useEffect(() => {
    if (!id && printers[0]) setId(printers[0].id);
  }, [printers]);
  const device = printers.find((p) => p.id === id);
  if (printers.length === 0)
    return (
      <Section title={t('diag.printer')}>
        <p class="muted">{t('printer.none')}</p>
      </Section>
    );
  return (
    <>
      {printers.length > 1 && (
        <label class="inline">
          {t('printer.choose')}
          <select value={id} onChange={(e) => setId((e.target as HTMLSelectElement).value)}>
            {printers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
          </select>
        </label>
      )}
      {id && <OnePrinter id={id} device={device} role={role} />}
    </>
  );
}

function OnePrinter({ id, device, role }: { id: string; device: DeviceState | undefined; role: Role }) {
  const base = `/printers/${encodeURIComponent(id)}`;
  const status = useFetch<{ id?: string; identity?: Record<string, unknown>; status?: Status }>(
    `${base}/status`,
    [device?.state, device?.lastErrorCode],
  );
  const faults = useFetch<FaultList>(`${base}/faults`, [device?.lastErrorCode]);
  const [running, setRunning] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: string, label: string) => {
    setRunning(action);
    setResult(null);
    setError(null);
    try {
      await api('POST', `${base}/actions/${action}`);
      setResult({ ok: true, text: t('printer.actionDone', { action: label }) });
    } catch (e) {
      setError(e);
    } finally {
      setRunning(null);
      void status.reload();
      void faults.reload();
    }
  };

  const s: Status = status.data?.status ?? {};
  const faultList = faults.data?.items ?? [];
  const identity =
    status.data?.identity ??
    (device ? { model: device.info.model, serial: device.info.serial, firmware: device.info.firmware } : {});
  return (
    <div class="printer-grid">
      <Section
        title={`${t('diag.printer')} ${id}`}
        id="printer-status"
        actions={
          <button type="button" class="secondary" onClick={() => status.reload()}>
            {t('common.refresh')}
          </button>
        }
      >
        <ErrorNote error={status.error} />
        <p>
          {device && <StateBadge state={device.state} />}{' '}
          <span data-testid="printer-ready">
            {s.ready
              ? t('printer.ready')
              : s.fault
                ? withCode(faultText(String(s.fault)), String(s.fault))
                : t('printer.notReady')}
          </span>
        </p>
        <h3>{t('printer.identity')}</h3>
        <KeyValues
          data={identity as Record<string, unknown>}
          label={t('printer.identity')}
          prefix="identity"
        />
        <h3>{t('printer.ribbon')}</h3>
        <Facts
          label={t('printer.ribbon')}
          rows={[
            [t('ribbon.type'), s.ribbon?.type ?? ''],
            [t('ribbon.remaining'), s.ribbon?.remaining ?? null],
            [t('ribbon.state'), s.ribbon?.ended ? t('ribbon.ended') : t('ribbon.ok')],
          ]}
        />
        <h3>{t('printer.other')}</h3>
        <Facts
          label={t('printer.other')}
          rows={[
            [t('printer.cover'), tri(s.coverOpen, 'printer.coverOpen', 'printer.coverClosed')],
            [t('printer.feeder'), tri(s.feeder?.empty, 'printer.feederEmpty', 'printer.feederHasCards')],
            [t('printer.cardInside'), tri(s.cardInside, 'printer.cardIn', 'printer.cardNone')],
            [t('printer.cleaning'), s.needsCleaning ? t('printer.cleaningDue') : t('printer.cleaningOk')],
          ]}
        />
      </Section>
      <Section title={t('printer.actions')} id="printer-actions">
        <div class="row wrap">
          {ACTIONS.map((a) => (
            <button
              key={a.id}
              type="button"
              data-action={a.id}
              disabled={running !== null}
              onClick={() => run(a.id, t(a.label))}
            >
              {running === a.id ? t('printer.running') : t(a.label)}
            </button>
          ))}
        </div>
        <p role="status" aria-live="polite" data-testid="action-result" class={result ? 'note ok' : ''}>
          {result?.text ?? ''}
        </p>
        <ErrorNote error={error} />
      </Section>
      <Section title={t('printer.counters')} id="printer-counters">
        <KeyValues data={s.counters} label={t('printer.counters')} prefix="counter" />
        <h3>{t('printer.sensors')}</h3>
        <KeyValues data={s.sensors} label={t('printer.sensors')} prefix="sensor" />
      </Section>
      <Section title={t('printer.faults')} id="printer-faults">
        <ErrorNote error={faults.error} />
        {faultList.length === 0 ? (
          <p class="muted">{t('printer.noFaults')}</p>
        ) : (
          <ul class="faults" data-testid="faults">
            {faultList.slice(0, 10).map((f, i) => (
              <li key={`${f.code}-${f.at ?? i}`}>
                <strong>{withCode(faultText(f.code), f.code)}</strong>{' '}
                <span class="muted">{formatDateTime(f.at)}</span>
                <p>
                  <em>{t('printer.fix')}:</em> {hasCode('fix', f.code) ? tCode('fix', f.code) : f.fix}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {role === 'technician' && <RawConsole base={base} />}
    </div>
  );
}

/** A sensor that may not know: the word for true, the word for false, or unknown. */
function tri(v: boolean | null | undefined, yes: MessageKey, no: MessageKey): string {
  return v === null || v === undefined ? t('common.unknown') : t(v ? yes : no);
}

/** One command, its raw reply. Technician only; every command is audited by the gateway. */
function RawConsole({ base }: { base: string }) {
  const [command, setCommand] = useState('');
  const [log, setLog] = useState<{ command: string; reply: string; error?: boolean }[]>([]);
  const [busy, setBusy] = useState(false);
  const out = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (out.current) out.current.scrollTop = out.current.scrollHeight;
  }, [log]);
  const send = async (e: Event) => {
    e.preventDefault();
    const c = command.trim();
    if (!c) return;
    setBusy(true);
    try {
      const r = await api<{ reply: string }>('POST', `${base}/raw`, { command: c });
      setLog((l) => [...l, { command: c, reply: r.reply }]);
    } catch (err) {
      setLog((l) => [...l, { command: c, reply: (err as Error).message, error: true }]);
    } finally {
      setBusy(false);
      setCommand('');
    }
  };
  return (
    <Section title={t('raw.title')} id="raw-console">
      <p class="hint">{t('raw.warning')}</p>
      <div class="console" ref={out} role="log" aria-label={t('raw.log')} data-testid="raw-log">
        {log.map((l, i) => (
          <div key={i}>
            <span class="prompt">&gt; {l.command}</span>
            <br />
            <span class={l.error ? 'bad' : ''}>{l.reply}</span>
          </div>
        ))}
      </div>
      <form class="row" onSubmit={send}>
        <label class="grow">
          {t('raw.command')}
          <input
            class="mono"
            value={command}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setCommand((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={busy || !command.trim()}>
          {t('raw.send')}
        </button>
      </form>
    </Section>
  );
}
