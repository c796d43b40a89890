import { useRef, useState } from 'preact/hooks';
import { say, type Words } from './lang.js';

/**
 * A play button for one paragraph or message (audio made by the station with espeak-ng), or,
 * for a language espeak-ng cannot voice, a visible "no audio" mark instead of wrong audio.
 */
export function Speak(props: { words: Words | null; src: string; label?: string }) {
  const { words } = props;
  const audio = useRef<HTMLAudioElement>(null);
  const [state, setState] = useState<'idle' | 'loading' | 'playing' | 'failed'>('idle');
  if (!words?.audio)
    return (
      <span class="no-audio" data-testid="no-audio" title={say(words, 'audio.none')}>
        <svg viewBox="0 0 24 24" aria-hidden="true" width="20" height="20">
          <path
            d="M4 9h4l5-4v14l-5-4H4z M16 9l5 6 M21 9l-5 6"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
          />
        </svg>
        <span>{say(words, 'audio.none')}</span>
      </span>
    );
  const play = () => {
    const a = audio.current;
    if (!a) return;
    if (state === 'playing') {
      a.pause();
      a.currentTime = 0;
      setState('idle');
      return;
    }
    setState('loading');
    if (a.getAttribute('src') !== props.src) a.src = props.src;
    a.play().then(
      () => setState('playing'),
      () => setState('failed'),
    );
  };
  return (
    <span class="speak">
      <button
        type="button"
        class="speak-btn"
        onClick={play}
        aria-label={`${say(words, 'audio.listen')}${props.label ? `: ${props.label}` : ''}`}
        aria-pressed={state === 'playing'}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" width="24" height="24">
          <path
            d="M4 9h4l5-4v14l-5-4H4z M16 8a5 5 0 0 1 0 8 M18.5 5.5a9 9 0 0 1 0 13"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
          />
        </svg>
      </button>
      <audio
        ref={audio}
        data-testid="speech"
        data-state={state}
        preload="none"
        onEnded={() => setState('idle')}
        onError={() => setState('failed')}
      />
    </span>
  );
}
