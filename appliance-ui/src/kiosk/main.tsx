import { render, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './fonts.css';
import './kiosk.css';
import { KioskTrainingBanner } from './kiosk-training-banner.js';

/**
 * The login-free pages: the applicant screen, the information point and the waiting-room
 * display. Each is its own chunk; the shell is only this router.
 */
const PAGES: Record<string, () => Promise<ComponentType>> = {
  applicant: () => import('../applicant/applicant-page.js').then((m) => m.ApplicantPage),
  info: () => import('../info/info-page.js').then((m) => m.InfoPage),
  queue: () => import('../queue/queue-page.js').then((m) => m.QueuePage),
};

function Kiosk() {
  const name = location.pathname.split('/')[1] ?? '';
  const [Page, setPage] = useState<ComponentType | null>(null);
  useEffect(() => {
    const load = PAGES[name] ?? PAGES.info!;
    load().then((c) => setPage(() => c));
  }, [name]);
  return (
    <>
      <KioskTrainingBanner />
      {Page ? <Page /> : <p aria-busy="true" class="kiosk-loading" />}
    </>
  );
}

const root = document.getElementById('kiosk');
if (root) render(<Kiosk />, root);
