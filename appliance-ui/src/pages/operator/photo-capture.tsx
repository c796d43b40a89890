import { useEffect, useRef, useState } from 'preact/hooks';
import { api, API, readReply } from '../../api.js';
import type { CameraList } from '../../types.js';
import { ErrorNote } from '../../components/common.js';
import { t } from '../../i18n/index.js';

/** ICAO 9303 photo: 35 × 45 mm; at 300 dpi that is 413 × 531 pixels. */
const OUT_W = 413;
const OUT_H = 531;
const RATIO = 35 / 45;

type Camera = CameraList['items'][number];

type Mode = 'idle' | 'live' | 'crop';

interface PhotoCheck {
  code: string;
  ok: boolean;
  message: string;
}

/** The gateway's photo checks (x-photo-checks): a list of {code, ok, message}. */
function readChecks(v: unknown): PhotoCheck[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null)
    .map((c) => ({ code: String(c.code ?? ''), ok: c.ok === true, message: String(c.message ?? '') }));
}

export function PhotoCapture(props: {
  photo: string | null;
  onPhoto: (b64: string | null) => void;
  /** Where the keyboard goes once a photo is taken (the next step of the flow). */
  afterPhoto?: () => void;
  disabled?: boolean;
  /** Told when the live view opens or closes (the applicant screen shows its head guide meanwhile). */
  onLive?: (live: boolean) => void;
  /** A child under six (from the vulnerability section): the gateway's photo checks relax. */
  youngChild?: boolean;
}) {
  const [mode, setMode] = useState<Mode>('idle');
  useEffect(() => props.onLive?.(mode === 'live'), [mode]);
  const [error, setError] = useState<unknown>(null);
  const [cameras, setCameras] = useState<Camera[] | null>(null);
  const [cameraId, setCameraId] = useState('');
  const [checks, setChecks] = useState<PhotoCheck[] | null>(null);
  const [zoom, setZoom] = useState(1.4);
  const [offX, setOffX] = useState(0);
  const [offY, setOffY] = useState(-0.2);
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const shot = useRef<HTMLCanvasElement | null>(null);
  const cropView = useRef<HTMLCanvasElement>(null);
  const captureBtn = useRef<HTMLButtonElement>(null);
  const useBtn = useRef<HTMLButtonElement>(null);

  const stop = () => {
    stream.current?.getTracks().forEach((tr) => tr.stop());
    stream.current = null;
  };
  useEffect(() => stop, []);

  useEffect(() => {
    api<CameraList>('GET', '/cameras').then(
      (r) => {
        const list = r.items;
        setCameras(list);
        if (list[0]) setCameraId(list[0].id);
      },
      () => setCameras([]),
    );
  }, []);

  const startWebcam = async () => {
    setError(null);
    setChecks(null);
    try {
      const s = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
      stream.current = s;
      setMode('live');
      requestAnimationFrame(() => {
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
        captureBtn.current?.focus();
      });
    } catch {
      setError(new Error(t('photo.noWebcam')));
    }
  };

  /** `framed`: the gateway already cut the 35×45 portrait, so the crop starts at the whole picture. */
  const toCrop = (source: CanvasImageSource, w: number, h: number, framed = false) => {
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    c.getContext('2d')!.drawImage(source, 0, 0, w, h);
    shot.current = c;
    setZoom(framed ? 1 : 1.4);
    setOffX(0);
    setOffY(framed ? 0 : -0.2);
    setMode('crop');
    requestAnimationFrame(() => useBtn.current?.focus());
  };

  const captureWebcam = () => {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    toCrop(v, v.videoWidth, v.videoHeight);
    stop();
  };

  const captureGateway = async () => {
    setError(null);
    setChecks(null);
    try {
      const child = props.youngChild ? '?child=young' : '';
      const res = await fetch(`${API}/cameras/${encodeURIComponent(cameraId)}/capture${child}`, {
        method: 'POST',
        credentials: 'same-origin',
      });
      if (!res.ok) await readReply(res, '/cameras');
      const header = res.headers.get('x-photo-checks');
      if (header) {
        try {
          setChecks(readChecks(JSON.parse(header)));
        } catch {
          /* checks are advisory */
        }
      }
      const bmp = await createImageBitmap(await res.blob());
      toCrop(bmp, bmp.width, bmp.height, true);
    } catch (e) {
      setError(e);
    }
  };

  const cropRect = () => {
    const s = shot.current!;
    const ch0 = Math.min(s.height, s.width / RATIO);
    const ch = ch0 / zoom;
    const cw = ch * RATIO;
    const cx = s.width / 2 + (offX * (s.width - cw)) / 2;
    const cy = s.height / 2 + (offY * (s.height - ch)) / 2;
    return { x: cx - cw / 2, y: cy - ch / 2, w: cw, h: ch };
  };

  useEffect(() => {
    if (mode !== 'crop' || !shot.current || !cropView.current) return;
    const r = cropRect();
    const ctx = cropView.current.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, cropView.current.width, cropView.current.height);
    ctx.drawImage(shot.current, r.x, r.y, r.w, r.h, 0, 0, cropView.current.width, cropView.current.height);
  }, [mode, zoom, offX, offY]);

  const usePhoto = () => {
    if (!shot.current) return;
    const r = cropRect();
    const out = document.createElement('canvas');
    out.width = OUT_W;
    out.height = OUT_H;
    const ctx = out.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, OUT_W, OUT_H);
    ctx.drawImage(shot.current, r.x, r.y, r.w, r.h, 0, 0, OUT_W, OUT_H);
    const url = out.toDataURL('image/jpeg', 0.9);
    props.onPhoto(url.slice(url.indexOf(',') + 1));
    setMode('idle');
    requestAnimationFrame(() => props.afterPhoto?.());
  };

  const retake = () => {
    props.onPhoto(null);
    setMode('idle');
    setChecks(null);
  };

  const range = (
    id: string,
    label: string,
    value: number,
    min: number,
    max: number,
    on: (v: number) => void,
  ) => (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={0.02}
        value={value}
        onInput={(e) => on(Number((e.target as HTMLInputElement).value))}
      />
    </div>
  );

  return (
    <fieldset class="photo" disabled={props.disabled}>
      <legend>{t('photo.title')}</legend>
      {mode === 'idle' && (
        <div class="photo-idle">
          {props.photo ? (
            <img
              class="photo-thumb"
              src={`data:image/jpeg;base64,${props.photo}`}
              alt={t('photo.taken')}
              data-testid="photo-thumb"
            />
          ) : (
            <p class="muted">{t('photo.none')}</p>
          )}
          <div class="row">
            <button type="button" onClick={startWebcam}>
              {props.photo ? t('photo.retakeWebcam') : t('photo.webcam')}
            </button>
            {cameras && cameras.length > 0 && (
              <>
                {cameras.length > 1 && (
                  <label class="inline">
                    {t('photo.camera')}
                    <select
                      value={cameraId}
                      onChange={(e) => setCameraId((e.target as HTMLSelectElement).value)}
                    >
                      {cameras.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.id}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
                <button type="button" class="secondary" onClick={captureGateway}>
                  {t('photo.gateway')}
                </button>
              </>
            )}
            {props.photo && (
              <button type="button" class="secondary" onClick={retake}>
                {t('photo.discard')}
              </button>
            )}
          </div>
        </div>
      )}
      {mode === 'live' && (
        <div class="photo-live">
          <div class="guide-wrap">
            <video ref={video} muted playsInline aria-label={t('photo.live')} />
            <svg class="guide" viewBox="0 0 160 120" preserveAspectRatio="xMidYMid meet" aria-hidden="true">
              <rect
                x={80 - 42}
                y={6}
                width={84}
                height={108}
                fill="none"
                stroke="#fff"
                stroke-width="0.8"
                stroke-dasharray="3 2"
              />
              <ellipse cx="80" cy="52" rx="24" ry="32" fill="none" stroke="#ffd400" stroke-width="1.2" />
              <line
                x1={80 - 36}
                x2={80 + 36}
                y1="46"
                y2="46"
                stroke="#ffd400"
                stroke-width="0.5"
                stroke-dasharray="2 2"
              />
            </svg>
          </div>
          <p class="hint" id="guide-hint">
            {t('photo.guide')}
          </p>
          <div class="row">
            <button ref={captureBtn} type="button" onClick={captureWebcam} aria-describedby="guide-hint">
              {t('photo.capture')}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                stop();
                setMode('idle');
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {mode === 'crop' && (
        <div class="photo-crop">
          <canvas
            ref={cropView}
            width={OUT_W / 1.5}
            height={OUT_H / 1.5}
            role="img"
            aria-label={t('photo.cropPreview')}
          />
          <div>
            <p class="hint">{t('photo.cropHint')}</p>
            {range('crop-zoom', t('photo.zoom'), zoom, 1, 3, setZoom)}
            {range('crop-x', t('photo.horizontal'), offX, -1, 1, setOffX)}
            {range('crop-y', t('photo.vertical'), offY, -1, 1, setOffY)}
            {checks && (
              <div class="checks" role="status">
                <h3>{t('photo.checks')}</h3>
                {checks.every((c) => c.ok) ? (
                  <p class="ok">{t('photo.checksOk')}</p>
                ) : (
                  // A check's message says what is wrong and what to do; only failed ones matter here.
                  <ul>
                    {checks
                      .filter((c) => !c.ok)
                      .map((c) => (
                        <li key={c.code} class="bad">
                          {c.message || c.code}
                        </li>
                      ))}
                  </ul>
                )}
              </div>
            )}
            <div class="row">
              <button ref={useBtn} type="button" onClick={usePhoto}>
                {t('photo.use')}
              </button>
              <button type="button" class="secondary" onClick={retake}>
                {t('photo.retake')}
              </button>
            </div>
          </div>
        </div>
      )}
      <ErrorNote error={error} />
    </fieldset>
  );
}
