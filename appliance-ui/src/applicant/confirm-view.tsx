import { useEffect, useRef, useState } from 'preact/hooks';
import { kioskApi } from '../kiosk/api.js';
import { say, spellDate, type Words } from '../kiosk/lang.js';
import { Speak } from '../kiosk/speak.js';
import { FIELDS, type CardView, type ScreenState } from './types.js';

/**
 * The card's data before printing: names as written beside their MRZ spelling, dates with
 * month names in the applicant's language, the photo; then "Correct" or "Something is wrong"
 * (and which field). Big buttons for touch; the first has the focus for a keyboard.
 */
export function ConfirmView(props: {
  words: Words | null;
  state: ScreenState;
  view: CardView;
  audio: (key: string) => string;
}) {
  const { words, view, state } = props;
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const correctRef = useRef<HTMLButtonElement>(null);
  const firstField = useRef<HTMLButtonElement>(null);
  const answered = state.answer?.draftId === view.draftId ? state.answer : null;

  useEffect(() => {
    setPicking(false);
    correctRef.current?.focus();
  }, [view.draftId]);
  useEffect(() => {
    if (picking) firstField.current?.focus();
  }, [picking]);

  const answer = async (a: 'correct' | 'wrong', field: string | null) => {
    setError(null);
    try {
      await kioskApi('POST', '/applicant/screen/answer', { draftId: view.draftId, answer: a, field });
      setPicking(false);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const sex = say(words, `sex.${view.sex}`);
  const rows: [string, preact.ComponentChild][] = [
    ['surname', <span dir="auto">{view.surname}</span>],
    ['givenNames', <span dir="auto">{view.givenNames || '—'}</span>],
    ['mrzName', <span class="mrz-name">{view.mrzName}</span>],
    ['sex', sex],
    ['dateOfBirth', spellDate(words, view.dateOfBirth)],
    ['nationality', <span dir="ltr">{view.nationality}</span>],
    ['placeOfResidence', <span dir="auto">{view.placeOfResidence ?? '—'}</span>],
    ['dateOfExpiry', spellDate(words, view.dateOfExpiry)],
  ];

  return (
    <section aria-labelledby="confirm-h" data-testid="stage-confirm">
      <div class="row">
        <h2 id="confirm-h">{say(words, 'confirm.title')}</h2>
        <Speak words={words} src={props.audio('confirm.help')} />
      </div>
      <p>{say(words, 'confirm.help')}</p>
      <div class="card-data">
        <img src={`data:image/jpeg;base64,${view.photo}`} alt={say(words, 'field.photo')} />
        <dl>
          {rows.map(([k, v]) => (
            <>
              <dt key={`${k}-t`}>{say(words, `field.${k}`)}</dt>
              <dd key={`${k}-d`} data-field={k}>
                {v}
              </dd>
            </>
          ))}
        </dl>
      </div>
      {answered && !picking ? (
        <p role="status" class="big-note" data-testid="answered" data-answer={answered.answer}>
          {say(words, answered.answer === 'correct' ? 'confirm.thanks' : 'wrong.sent')}
        </p>
      ) : null}
      {!picking ? (
        <div class="answer-row">
          <button
            ref={correctRef}
            type="button"
            class="ok"
            onClick={() => answer('correct', null)}
            data-testid="correct"
          >
            ✓ {say(words, 'confirm.correct')}
          </button>
          <button type="button" class="bad" onClick={() => setPicking(true)} data-testid="wrong">
            ✗ {say(words, 'confirm.wrong')}
          </button>
        </div>
      ) : (
        <fieldset>
          <legend>{say(words, 'wrong.which')}</legend>
          <ul class="fields">
            {FIELDS.map((f, i) => (
              <li key={f}>
                <button
                  type="button"
                  ref={i === 0 ? firstField : undefined}
                  onClick={() => answer('wrong', f)}
                  data-testid={`field-${f}`}
                >
                  {say(words, `field.${f}`)}
                </button>
              </li>
            ))}
            <li>
              <button type="button" onClick={() => answer('wrong', null)}>
                {say(words, 'wrong.general')}
              </button>
            </li>
          </ul>
        </fieldset>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
