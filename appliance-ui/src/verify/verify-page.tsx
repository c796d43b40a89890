import { useEffect, useState } from 'preact/hooks';
import { decodeSeal } from '../../../gateway/document/seal/codec.js';
import { sealContent, type SealContent } from '../../../gateway/document/seal/seal-content.js';
import { verifySealWeb, type WebSealVerdict } from '../../../gateway/document/seal/verify-web.js';
import { t } from '../i18n/index.js';
import { CameraScan } from './camera-scan.js';
import { overallOf } from './overall.js';
import { ResultView } from './result-view.js';
import { askStatus, type StatusAnswer } from './status.js';
import { loadTrust, type LoadedTrust } from './trust.js';

interface Checked {
  verdict: WebSealVerdict;
  content: SealContent | null;
}

function contentOf(bytes: Uint8Array): SealContent | null {
  try {
    return sealContent(decodeSeal(bytes));
  } catch {
    return null;
  }
}

/**
 * The verify page (station and HQ): a seal from the camera or an uploaded photo, verified here
 * against the published signer certificates, then the document's status asked online.
 */
export function VerifyPage() {
  // Asked once per visit. A photo or scan taken before the certificates arrive (a slow link)
  // waits for them instead of being judged against none.
  const [trustLoad] = useState(() => loadTrust());
  const [trust, setTrust] = useState<LoadedTrust | null | undefined>(undefined);
  const [scanning, setScanning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [status, setStatus] = useState<StatusAnswer | null>(null);

  useEffect(() => {
    void trustLoad.then(setTrust);
  }, [trustLoad]);

  const ask = async (c: Checked) => {
    setStatus(null);
    const number = c.content?.fields?.documentNumber;
    setStatus(number ? await askStatus(number) : { kind: 'failed', code: 'SEAL_MALFORMED' });
  };

  const check = async (seals: Uint8Array[]) => {
    setScanning(false);
    const loaded = await trustLoad;
    if (seals.length === 0 || !loaded) {
      setProblem(loaded ? t('verify.noSeal') : t('verify.trustMissing'));
      return;
    }
    // A card carries one seal; of several barcodes in view, the first that verifies counts.
    let best: Checked | null = null;
    for (const bytes of seals) {
      const c = { verdict: await verifySealWeb(bytes, loaded.trust), content: contentOf(bytes) };
      if (!best || (c.verdict.valid && !best.verdict.valid)) best = c;
    }
    setChecked(best);
    if (best?.verdict.valid) await ask(best);
    else setStatus(null);
  };

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    setChecked(null);
    setBusy(true);
    try {
      const { readSeals } = await import('./scan.js');
      await check(await readSeals(file));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const today = new Date().toISOString().slice(0, 10);
  return (
    <div class="card verify-page">
      <h1>{t('verify.title')}</h1>
      <p>{t('verify.intro')}</p>
      {trust === null && (
        <p role="alert" class="warning">
          {t('verify.trustMissing')}
        </p>
      )}
      {trust?.cachedAt && (
        <p class="muted">{t('verify.trustCached', { date: trust.cachedAt.slice(0, 10) })}</p>
      )}
      <div class="verify-inputs">
        <button
          type="button"
          data-testid="scan"
          disabled={trust === null}
          onClick={() => {
            setProblem(null);
            setChecked(null);
            setScanning(!scanning);
          }}
        >
          {scanning ? t('verify.stopScan') : t('verify.scan')}
        </button>
        <label class="file-button">
          <span>{t('verify.upload')}</span>
          <input
            type="file"
            accept="image/*"
            data-testid="upload"
            disabled={trust === null}
            onChange={(e) => void upload((e.target as HTMLInputElement).files?.[0])}
          />
        </label>
      </div>
      {scanning && (
        <CameraScan
          onSeals={(s) => void check(s)}
          onError={(reason) => {
            setScanning(false);
            setProblem(t('verify.cameraFailed', { reason }));
          }}
        />
      )}
      {busy && <p aria-busy="true">{t('verify.reading')}</p>}
      {problem && (
        <p role="alert" class="error" data-testid="verify-problem">
          {problem}
        </p>
      )}
      {checked && (
        <ResultView
          verdict={checked.verdict}
          content={checked.content}
          status={status}
          overall={overallOf(checked.verdict, checked.content, status, today)}
          onRecheck={() => void ask(checked)}
        />
      )}
    </div>
  );
}
