import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.js';
import { t, tCode } from '../i18n/index.js';
import { label, showValue } from '../i18n/words.js';

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

/** Any flat-ish object as a definition list, each key labelled from the catalogue (`<prefix>.<key>`). */
export function KeyValues({
  data,
  label: name,
  prefix = 'field',
}: {
  data: Record<string, unknown> | null | undefined;
  label?: string;
  prefix?: string;
}) {
  const entries = Object.entries(data ?? {});
  if (entries.length === 0) return <p class="muted">{t('common.none')}</p>;
  return (
    <dl class="kv" aria-label={name}>
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{label(prefix, k)}</dt>
          <dd>{showValue(v, prefix)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Rows already in the user's words: [label, value]. */
export function Facts({ rows, label: name }: { rows: [string, unknown][]; label?: string }) {
  return (
    <dl class="kv" aria-label={name}>
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{typeof v === 'string' ? v || '—' : showValue(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function StateBadge({ state }: { state: string }) {
  return <span class={`badge state-${state}`}>{tCode('state', state)}</span>;
}
