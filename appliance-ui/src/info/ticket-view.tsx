import type { Ref } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { kioskApi } from '../kiosk/api.js';
import { say, type Words } from '../kiosk/lang.js';
import { Speak } from '../kiosk/speak.js';

/** A queue ticket: the number shown big, the estimated wait; nothing about the person. */
export function TicketView(props: {
  words: Words | null;
  lang: string;
  headingRef: Ref<HTMLHeadingElement>;
  onBack: () => void;
}) {
  const { words } = props;
  const [ticket, setTicket] = useState<{ number: number; estimatedWaitMinutes: number | null } | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    kioskApi<{ number: number; estimatedWaitMinutes: number | null }>('POST', '/queue/tickets', {
      lang: props.lang,
    }).then(setTicket, () => setError(true));
  }, []);
  return (
    <section aria-labelledby="ticket-h" data-testid="ticket">
      <h2 id="ticket-h" ref={props.headingRef} tabIndex={-1}>
        {say(words, 'ticket.number')}
      </h2>
      {ticket && (
        <>
          <p class="ticket-number" data-testid="ticket-number" dir="ltr">
            {ticket.number}
          </p>
          <p class="block">
            <span class="text">
              {ticket.estimatedWaitMinutes === null
                ? say(words, 'ticket.noEstimate')
                : say(words, 'ticket.wait', { minutes: ticket.estimatedWaitMinutes })}
            </span>
            <Speak words={words} src={`/api/v1/info/screen/${props.lang}/audio/ticket.keep`} />
          </p>
          <p>{say(words, 'ticket.keep')}</p>
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {say(words, 'ticket.failed')}
        </p>
      )}
      <button type="button" class="primary" onClick={props.onBack}>
        {say(words, 'info.back')}
      </button>
    </section>
  );
}
