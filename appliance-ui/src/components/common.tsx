import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.js';
import { t, tCode } from '../i18n/index.js';

/** An API error in words the user can act on, with its code for support. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'ERROR';
  const text =
    error instanceof ApiError
      ? tCode('error', error.code, error.status === 403 ? t('error.FORBIDDEN') : error.message)
      : String((error as Error)?.message ?? error);
  return (
    <p class="note error" role="alert">
      {text} <span class="code">({code})</span>
    </p>
  );
}

export function Section(props: {
  title: string;
  id?: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  const hid = props.id ? `${props.id}-h` : undefined;
  return (
    <section class="card" id={props.id} aria-labelledby={hid}>
      <div class="card-head">
        <h2 id={hid}>{props.title}</h2>
        {props.actions && <div class="card-actions">{props.actions}</div>}
      </div>
      {props.children}
    </section>
  );
}

export function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (Array.isArray(v)) return v.map(show).join(', ') || '—';
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${show(x)}`)
      .join(' · ');
  return String(v);
}

/** Any flat-ish object as a definition list: device info, counters, sensors, telemetry. */
export function KeyValues({
  data,
  label,
}: {
  data: Record<string, unknown> | null | undefined;
  label?: string;
}) {
  const entries = Object.entries(data ?? {});
  if (entries.length === 0) return <p class="muted">{t('common.none')}</p>;
  return (
    <dl class="kv" aria-label={label}>
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{show(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function StateBadge({ state }: { state: string }) {
  return <span class={`badge state-${state}`}>{tCode('state', state)}</span>;
}
