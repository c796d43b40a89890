import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import type { PageProps } from '../../app.js';
import { ErrorNote } from '../../components/common.js';
import { useServerEvents } from '../../events.js';
import { t } from '../../i18n/index.js';
import type { Job, JobEvent, JobKind, ProgressEvent, Station } from '../../types.js';
import { RUNNING, TERMINAL } from './job-actions.js';
import { previewWarning } from './preview-warnings.js';
import { refusedFields, requestChecks } from './request-checks.js';
import { PersonFormFields } from './person-form.js';
import { ProtectionSection, protectionErrors } from './protection-section.js';
import {
  isEmptyProtection,
  type ProtectionDetails,
} from '../../../../gateway/protection/protection-details.js';
import { previewMrz } from './mrz-preview.js';
import { PhotoCapture } from './photo-capture.js';
import { IssueProgress, stageAfter, type ProgressState } from './progress.js';
import { TodayList } from './today-list.js';
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

const ALL_FIELDS = [
  'surname',
  'givenNames',
  'latinSurname',
  'latinGivenNames',
  'sex',
  'dateOfBirth',
  'nationality',
  'personalCode',
  'placeOfResidence',
];

interface Preview {
  front: string;
  back: string;
  warnings: string[];
}

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
  const [progress, setProgress] = useState<ProgressState | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** A refused Resume / Cancel: shown in the progress box, next to the buttons that caused it. */
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const [lock, setLock] = useState<{ locked: boolean; reason?: string }>({ locked: false });
  const topRef = useRef<HTMLHeadingElement>(null);
  // The applicant screen paired with this desk (issue 18): Issue waits for its confirmation.
  const desk = useDesk();
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
  const active = progress !== null && !TERMINAL.has(progress.job.status);
  // While a card is shown (even done), the form is locked: one person, one card, then "Next person".
  const formLocked = progress !== null;

  useEffect(() => {
    api<Station>('GET', '/station').then(
      (s) => setLock({ locked: s.locked, reason: s.lockReason ?? '' }),
      () => undefined,
    );
  }, []);

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

  const jobId = progress?.job.id;
  const applyJob = (e: Partial<Job> & { id: string }) =>
    setProgress((p) => (p && p.job.id === e.id ? { ...p, job: { ...p.job, ...e } } : p));

  const refetchJob = () => {
    if (!jobId) return;
    api<Job>('GET', `/issuances/${encodeURIComponent(jobId)}`).then(
      (j) => applyJob({ ...j, person: undefined }),
      () => undefined,
    );
  };

  useServerEvents({
    job: (d) => {
      const e = d as JobEvent;
      if (e.jobId === jobId) {
        applyJob({ id: e.jobId, status: e.status, documentNumber: e.documentNumber, error: e.error });
        // The event has the status; the view has what it now allows and where the card is.
        refetchJob();
      }
      if (TERMINAL.has(e.status)) setRefreshKey((k) => k + 1);
    },
    progress: (d) => {
      const e = d as ProgressEvent;
      setProgress((p) => {
        if (!p || p.job.id !== e.jobId) return p;
        const status =
          p.job.status === 'queued' || p.job.status === 'draft'
            ? e.step === 'encoding'
              ? 'encoding'
              : e.step === 'printing'
                ? 'printing'
                : p.job.status
            : p.job.status;
        return {
          ...p,
          last: e,
          stage: stageAfter(p.stage, e),
          rejected: p.rejected || e.step === 'rejecting',
          job: { ...p.job, status },
        };
      });
    },
    station: (d) => {
      // A lock change ({locked, reason}) or the snapshot sent on connect ({locked, lockReason}).
      const e = d as { locked?: boolean; reason?: string; lockReason?: string | null };
      if (typeof e.locked === 'boolean')
        setLock({ locked: e.locked, reason: e.reason ?? e.lockReason ?? '' });
    },
    open: refetchJob,
  });

  // Events can be missed while the stream reconnects; a slow poll keeps the screen honest.
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(refetchJob, 2000);
    return () => clearInterval(timer);
  }, [active, jobId]);

  const touchAll = () => setTouched(new Set(ALL_FIELDS));

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
      const body: Record<string, unknown> = { kind, person, photo };
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

  const act = async (action: 'resume' | 'cancel') => {
    if (!jobId) return;
    setBusy(true);
    setActionError(null);
    try {
      const j = await api<Job | undefined>('POST', `/issuances/${encodeURIComponent(jobId)}/${action}`);
      if (j && typeof j === 'object' && 'status' in j) applyJob({ ...j, person: undefined });
      else refetchJob();
    } catch (err) {
      setActionError(err);
      refetchJob();
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
            onLive={(live) => {
              if (desk?.paired)
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
              disabled={formLocked || busy || lock.locked || issueBlocked(desk)}
              data-testid="issue"
            >
              {t('issue.issue')}
            </button>
          </div>
          {!photo && <p class="hint">{t('issue.needPhoto')}</p>}
        </form>
        <div class="side">
          <DeskPanel
            desk={desk}
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
              onRetry={() => {
                setProgress(null);
                requestAnimationFrame(() => document.getElementById('f-surname')?.focus());
              }}
            />
          )}
          <section class="card mrz-card" aria-labelledby="mrz-h">
            <h2 id="mrz-h">{t('mrz.title')}</h2>
            {mrz.lines ? (
              <>
                <pre class="mrz" data-testid="mrz" aria-label={t('mrz.title')}>
                  {mrz.lines.join('\n')}
                </pre>
                <p class="hint">{t('mrz.masked')}</p>
              </>
            ) : mrz.error ? (
              <ErrorNote error={mrz.error} />
            ) : (
              <p class="muted">{t('mrz.incomplete')}</p>
            )}
          </section>
          {preview && (
            <section class="card" aria-labelledby="preview-h">
              <h2 id="preview-h">{t('preview.title')}</h2>
              <div class="preview">
                <figure>
                  <img src={preview.front} alt={t('preview.front')} />
                  <figcaption>{t('preview.front')}</figcaption>
                </figure>
                <figure>
                  <img src={preview.back} alt={t('preview.back')} />
                  <figcaption>{t('preview.back')}</figcaption>
                </figure>
              </div>
              {preview.warnings.length > 0 && (
                <ul class="note warn">
                  {preview.warnings.map((w) => {
                    const text = previewWarning(String(w));
                    return <li key={text}>{text}</li>;
                  })}
                </ul>
              )}
            </section>
          )}
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
