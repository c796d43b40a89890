import { useState } from 'preact/hooks';
import { RecordPage } from './record-page.js';
import { SearchPage } from './search-page.js';
import '../../verify/verify.css';

/**
 * The caseworker pages for HQ's shell (one slot, path `/caseworker`): search, then one record.
 * The number and reason stay in memory only: a record's URL never carries personal data.
 */
export function CaseworkerPage() {
  const [open, setOpen] = useState<{ number: string; reason: string } | null>(null);
  return open ? (
    <RecordPage number={open.number} reason={open.reason} onBack={() => setOpen(null)} />
  ) : (
    <SearchPage onOpen={(number, reason) => setOpen({ number, reason })} />
  );
}

/** The shell's nav entry for these pages. */
export const CASEWORKER_PAGE = {
  path: '/caseworker',
  label: 'caseworker.nav',
  roles: ['caseworker', 'admin'],
} as const;
