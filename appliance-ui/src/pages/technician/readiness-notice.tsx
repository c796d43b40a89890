import { useEffect, useState } from 'preact/hooks';
import { API } from '../../api.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { en } from '../../i18n/en.js';
import { faultText, withCode } from '../../i18n/words.js';
import type { Readiness } from '../../../../gateway/api/routes/health.js';

/** A reason naming a code ("printer reports COVER_OPEN") says what the code means, code after. */
function reasonText(reason: string): string {
  const code = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/.exec(reason)?.[0];
  return code ? withCode(faultText(code), code) : reason;
}

const known = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** A part's name in the user's words when the pages know it (`diag.part.<name>`). */
const partName = (name: string): string =>
  known(`diag.part.${name}`) ? t(`diag.part.${name}` as MessageKey) : name;

/** The pages' own words for a part's known state (`diag.reason.<name>.<state>`), else the station's reason. */
function partReason(p: { name: string; state: string; reason: string | null }): string | null {
  const key = `diag.reason.${p.name}.${p.state}`;
  if (known(key)) return t(key);
  return p.reason ? reasonText(p.reason) : null;
}

/**
 * What GET /ready says is not fully there: parts running degraded or down (with the station's
 * reason) and parts an emulator stands in for. Nothing is shown when every part is real and up.
 */
export function ReadinessNotice() {
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  useEffect(() => {
    // /ready answers 503 with the same body while the station starts: read it either way.
    fetch(`${API}/ready`, { headers: { accept: 'application/json' } })
      .then((r) => r.json() as Promise<Readiness>)
      .then(setReadiness, () => setReadiness(null));
  }, []);
  if (!readiness) return null;
  const notUp = readiness.parts.filter((p) => p.state !== 'up');
  const emulated = readiness.parts.filter((p) => p.emulated);
  if (notUp.length === 0 && emulated.length === 0) return null;
  return (
    <section class="readiness" aria-label={t('diag.readiness')} data-readiness>
      {notUp.length > 0 && (
        <>
          <h2>{t('diag.readinessDegraded')}</h2>
          <ul>
            {notUp.map((p) => (
              <li key={p.name} data-part={p.name} data-state={p.state}>
                <strong>{partName(p.name)}</strong> (
                {t(p.state === 'down' ? 'diag.partDown' : 'diag.partDegraded')})
                {partReason(p) ? `: ${partReason(p)}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {emulated.length > 0 && (
        <p data-emulated>
          {t('diag.readinessEmulated')} {emulated.map((p) => partName(p.name)).join(', ')}
        </p>
      )}
    </section>
  );
}
