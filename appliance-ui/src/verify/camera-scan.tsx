import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/index.js';

/**
 * The webcam (the back camera on a phone) until a seal is read: one frame every quarter second
 * goes to zxing; the stream stops when a seal is found or the component goes away.
 */
export function CameraScan(props: {
  onSeals: (seals: Uint8Array[]) => void;
  onError: (reason: string) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    const run = async () => {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment', width: { ideal: 1280 } },
        audio: false,
      });
      const v = video.current;
      if (!v || stopped) return;
      v.srcObject = stream;
      await v.play();
      // zxing (a large wasm) loads only when a picture is to be read.
      const { readSeals } = await import('./scan.js');
      const canvas = document.createElement('canvas');
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      while (!stopped && ctx) {
        if (v.videoWidth > 0) {
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          ctx.drawImage(v, 0, 0);
          const seals = await readSeals(ctx.getImageData(0, 0, canvas.width, canvas.height));
          if (seals.length > 0 && !stopped) {
            props.onSeals(seals);
            return;
          }
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    run().catch((e: unknown) => !stopped && props.onError(e instanceof Error ? e.message : String(e)));
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);
  return (
    <div class="verify-camera">
      <video ref={video} muted playsInline class="verify-video" aria-label={t('verify.scanning')} />
      <p aria-live="polite">{t('verify.scanning')}</p>
    </div>
  );
}
