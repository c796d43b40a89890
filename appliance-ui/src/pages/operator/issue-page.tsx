import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import type { PageProps } from '../../app.js';
import { ErrorNote } from '../../components/common.js';
import { t } from '../../i18n/index.js';
import type { Job, JobKind } from '../../types.js';
import { RUNNING } from './job-actions.js';
import { refusedFields, requestChecks } from './request-checks.js';
import { PersonFormFields } from './person-form.js';
import { ProtectionSection, isYoungChild, protectionErrors } from './protection-section.js';
import {
  isEmptyProtection,
  type ProtectionDetails,
} from '../../../../gateway/protection/protection-details.js';
import { previewMrz } from './mrz-preview.js';
import { PhotoCapture } from './photo-capture.js';
import { IssueProgress } from './progress.js';
import { TodayList } from './today-list.js';
import { MyCards } from './my-cards.js';
import { CardPreview, MrzCard, type Preview } from './card-preview.js';
import { deskId } from './desk-id.js';
import { useJobProgress } from './use-job-progress.js';
import { DeskPanel, issueBlocked, useDesk } from '../../applicant/desk-panel.js';
import {
  emptyForm,
  fromPerson,
  toPerson,
  validate,
  type FieldErrors,
  type PersonForm,
} from './validation.js';
import { ReissueWarning } from '../../verify/reissue-warning.js';
import { PERSON_KEYS } from '../../../../gateway/document/person.js';

export function IssuePage({ user }: PageProps) {
  const [form, setForm] = useState<PersonForm>(emptyForm);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [photo, setPhoto] = useState<string | null>(null);
  const [protection, setProtection] = useState<ProtectionDetails>({ flags: [] });
  const [kind, setKind] = useState<JobKind>('new');
  const [previousJobId, setPreviousJobId] = useState<string | null>(null);
  const [mrz, setMrz] = useState<{ lines: string[] | null; error: unknown }>({ lines: null, error: null });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewBusy, setPreviewBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const { progress, setProgress, actionError, setActionError, lock, act } = useJobProgress({
    onTerminal: () => setRefreshKey((k) => k + 1),
    setBusy: (b) => setBusy(b),
  });
  const desk = useMemo(deskId, []);
  const topRef = useRef<HTMLHeadingElement>(null);
  // The applicant screen paired with this desk (issue 18): Issue waits for its confirmation.
  const screen = useDesk();
  const restored = useRef(false);

  const person = useMemo(() => toPerson(form), [form]);
  // The schema's rules, then the station's request rules (same module as the API when it is there).
  // What the station refused at a field (422), until that field is edited again.
  const [refused, setRefused] = useState<{ errors: FieldErrors; person: string } | null>(null);
  const errors = useMemo(() => {
    const own = { ...requestChecks(person), ...validate(form) };
    if (!refused) return own;
    const now = JSON.parse(JSON.stringify(person)) as Record<string, unknown>;
    const before = JSON.parse(refused.person) as Record<string, unknown>;
    const still = Object.entries(refused.errors).filter(([f]) => now[f] === before[f]);
    return { ...Object.fromEntries(still), ...own };
  }, [form, person, refused]);
  const valid = Object.keys(errors).length === 0;
  // While a card is shown (even done), the form is locked: one person, one card, then "Next person".
  const formLocked = progress !== null;

  // Live MRZ preview from the gateway, the same code that prints it.
  useEffect(() => {
    if (!valid) {
      setMrz({ lines: null, error: null });
      return;
    }
    const timer = setTimeout(() => {
      previewMrz(person).then(
        (lines) => setMrz({ lines, error: null }),
        (e) => setMrz({ lines: null, error: e }),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [valid, JSON.stringify(person)]);

  useEffect(() => setPreview(null), [JSON.stringify(person), photo]);

  const touchAll = () => setTouched(new Set<string>(PERSON_KEYS));

  const doPreview = async () => {
    if (!valid || !photo) {
      touchAll();
      return;
    }
    setPreviewBusy(true);
    setError(null);
    try {
      const r = await api<Preview>('POST', '/preview', { person, photo });
      setPreview({ front: r.front, back: r.back, warnings: r.warnings ?? [] });
    } catch (e) {
      setError(e);
    } finally {
      setPreviewBusy(false);
    }
  };

  const issue = async (e: Event) => {
    e.preventDefault();
    if (!valid) {
      touchAll();
      const first =
        document.querySelector<HTMLElement>('[aria-invalid="true"]') ?? document.getElementById('f-surname');
      first?.focus();
      return;
    }
    if (!photo) {
      setError(new ApiError(400, 'PHOTO_MISSING', t('error.PHOTO_MISSING')));
      return;
    }
    if (Object.keys(protectionErrors(protection)).length > 0) {
      document.querySelector<HTMLElement>('[data-testid=protection] summary')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { kind, person, photo, desk };
      if (previousJobId) body.previousJobId = previousJobId;
      if (!isEmptyProtection(protection)) body.protection = protection;
      setRefused(null);
      const job = await api<Job>('POST', '/issuances', body);
      setProgress({ job: { ...job, person: undefined }, last: null, stage: 0 });
      setRefreshKey((k) => k + 1);
      requestAnimationFrame(() => {
        const h = document.getElementById('progress-h');
        h?.scrollIntoView({ block: 'nearest' });
        h?.focus();
      });
    } catch (err) {
      const at = refusedFields(err);
      if (at) {
        setRefused({ errors: at, person: JSON.stringify(person) });
        touchAll();
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const reset = (f: PersonForm = emptyForm(), k: JobKind = 'new', prev: string | null = null) => {
    setForm(f);
    setProtection({ flags: [] });
    setTouched(new Set());
    setPhoto(null);
    setKind(k);
    setPreviousJobId(prev);
    setProgress(null);
    setPreview(null);
    setError(null);
    setActionError(null);
    setRefreshKey((x) => x + 1);
    requestAnimationFrame(() => {
      topRef.current?.scrollIntoView({ block: 'start' });
      document.getElementById('f-surname')?.focus();
    });
  };

  return (
    <div class="issue-page">
      <h1 ref={topRef} tabIndex={-1}>
        {kind === 'new'
          ? t('issue.title')
          : t(kind === 'reissue' ? 'issue.titleReissue' : 'issue.titleExtension')}
      </h1>
      {lock.locked && (
        <p class="note fault" role="alert">
          {t('issue.locked')} {lock.reason}
        </p>
      )}
      {kind !== 'new' && <ReissueWarning previousJobId={previousJobId} />}
      {kind !== 'new' && (
        <p class="note info">
          {t('issue.fromPrevious')}{' '}
          <button type="button" class="link" onClick={() => reset()}>
            {t('issue.startBlank')}
          </button>
        </p>
      )}
      <div class="issue-grid">
        <form class="card" onSubmit={issue} aria-labelledby="form-h" noValidate>
          <h2 id="form-h" class="sr-only">
            {t('form.person')}
          </h2>
          <PersonFormFields
            value={form}
            errors={errors}
            touched={touched}
            disabled={formLocked}
            onChange={setForm}
            onTouch={(f) => setTouched((s) => (s.has(f) ? s : new Set(s).add(f)))}
          />
          <PhotoCapture
            photo={photo}
            onPhoto={setPhoto}
            afterPhoto={() => document.querySelector<HTMLElement>('[data-testid=issue]')?.focus()}
            disabled={formLocked}
            youngChild={isYoungChild(protection)}
            onLive={(live) => {
              if (screen?.paired)
                void api('POST', '/applicant/desk/stage', { stage: live ? 'photo' : 'idle' }).catch(
                  () => undefined,
                );
            }}
          />
          {/* Optional, after the photo: the keyboard path person → photo → Issue stays as it was. */}
          <ProtectionSection value={protection} onChange={setProtection} disabled={formLocked} />
          <ErrorNote error={error} />
          <div class="row">
            <button type="button" class="secondary" onClick={doPreview} disabled={formLocked || previewBusy}>
              {previewBusy ? t('issue.previewing') : t('issue.preview')}
            </button>
            <button
              type="submit"
              class="primary"
              disabled={formLocked || busy || lock.locked || issueBlocked(screen)}
              data-testid="issue"
            >
              {t('issue.issue')}
            </button>
          </div>
          {!photo && <p class="hint">{t('issue.needPhoto')}</p>}
        </form>
        <div class="side">
          <DeskPanel
            desk={screen}
            draft={valid && photo && !formLocked ? { person, photo } : null}
            locked={formLocked}
          />
          {progress && (
            <IssueProgress
              state={progress}
              busy={busy}
              actionError={actionError}
              onResume={() => act('resume')}
              onCancel={() => act('cancel')}
              onNext={() => reset()}
              onNextNow={() => reset()}
              onRetry={() => {
                setProgress(null);
                requestAnimationFrame(() => document.getElementById('f-surname')?.focus());
              }}
            />
          )}
          <MyCards desk={desk} refreshKey={refreshKey} />
          <MrzCard mrz={mrz} />
          {preview && <CardPreview preview={preview} />}
        </div>
      </div>
      <TodayList
        refreshKey={refreshKey}
        onLoaded={(jobs) => {
          // A reload (or another tab) must not lose a card in the making: show this operator's
          // running or stopped job again, with the box its current state calls for.
          if (restored.current) return;
          restored.current = true;
          const mine = jobs.find(
            (j) => j.operator === user.name && (RUNNING.has(j.status) || j.status === 'needs-operator'),
          );
          if (mine) setProgress((p) => p ?? { job: { ...mine, person: undefined }, last: null, stage: 0 });
        }}
        onReissue={(j) => reset(fromPerson(j.person as Record<string, unknown> | undefined), 'reissue', j.id)}
        onExtend={(j) =>
          reset(fromPerson(j.person as Record<string, unknown> | undefined), 'extension', j.id)
        }
      />
    </div>
  );
}
