import { useEffect, useRef, useState } from 'preact/hooks';
import { say, type Words } from '../kiosk/lang.js';
import { Speak } from '../kiosk/speak.js';

/**
 * While the photo is taken: this screen's own camera (the second screen sits beside the desk's
 * camera) mirrored, with the head guide, and "look at the camera" in the applicant's language.
 * Without a camera the guide and the words remain.
 */
export function CameraGuide(props: { words: Words | null; audio: (key: string) => string }) {
  const { words } = props;
  const video = useRef<HTMLVideoElement>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    navigator.mediaDevices
      ?.getUserMedia({ video: true, audio: false })
      .then((s) => {
        if (stopped) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
          setLive(true);
        }
      })
      .catch(() => setLive(false));
    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);
  return (
    <section aria-labelledby="photo-h" data-testid="stage-photo">
      <div class="row">
        <h2 id="photo-h">{say(words, 'photo.look')}</h2>
        <Speak words={words} src={props.audio('photo.look')} />
      </div>
      <p>{say(words, 'photo.guide')}</p>
      <div class="guide" data-live={live}>
        <video ref={video} muted playsInline aria-label={say(words, 'photo.look')} />
        <svg viewBox="0 0 100 75" aria-hidden="true" preserveAspectRatio="xMidYMid meet">
          <ellipse
            cx="50"
            cy="33"
            rx="14"
            ry="19"
            fill="none"
            stroke="#ffd400"
            stroke-width="1.2"
            stroke-dasharray="3 2"
          />
          <line x1="30" y1="33" x2="70" y2="33" stroke="#ffd400" stroke-width="0.4" />
        </svg>
      </div>
    </section>
  );
}
