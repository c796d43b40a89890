import { useState } from 'preact/hooks';
import { kioskApi, KioskError } from '../kiosk/api.js';
import { say, type Words } from '../kiosk/lang.js';

/** The code shown at the desk, typed here (keyboard or the on-screen keypad). */
export function PairForm(props: { words: Words | null; onPaired: () => void }) {
  const { words } = props;
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (!/^\d{6}$/.test(code)) return;
    setBusy(true);
    setError(null);
    try {
      await kioskApi('POST', '/applicant/screen/pair', { code });
      props.onPaired();
    } catch (err) {
      setError(err instanceof KioskError ? err.code : 'NETWORK');
      setCode('');
    } finally {
      setBusy(false);
    }
  };
  const press = (d: string) => setCode((c) => (d === '⌫' ? c.slice(0, -1) : (c + d).slice(0, 6)));
  return (
    <form onSubmit={submit} data-testid="pair-form">
      <h2>{say(words, 'pair.title')}</h2>
      <label>
        <span>{say(words, 'pair.code')}</span>
        <br />
        <input
          class="code-input"
          name="code"
          inputMode="numeric"
          autoComplete="off"
          pattern="[0-9]{6}"
          value={code}
          onInput={(e) => setCode((e.target as HTMLInputElement).value.replace(/\D/g, '').slice(0, 6))}
        />
      </label>
      <div class="keypad" dir="ltr">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0'].map((d) => (
          <button
            type="button"
            key={d}
            onClick={() => press(d)}
            aria-label={d === '⌫' ? say(words, 'pair.erase') : d}
          >
            {d}
          </button>
        ))}
      </div>
      {error && (
        <p class="error" role="alert" data-testid="pair-error" data-code={error}>
          {say(words, error === 'PAIRING_RATE_LIMITED' ? 'pair.limited' : 'pair.invalid')}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy || code.length !== 6}>
        {say(words, 'pair.go')}
      </button>
    </form>
  );
}
