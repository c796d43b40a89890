import type { Static } from 'typebox';
import type {
  AccessEntry,
  DocumentView,
  HistoryEntry,
  RecordView,
} from '../../../../gateway/hq/registry/routes.js';
import { api } from '../../api.js';

export type DocumentViewT = Static<typeof DocumentView>;
export type RecordViewT = Static<typeof RecordView>;
export type HistoryEntryT = Static<typeof HistoryEntry>;
export type AccessEntryT = Static<typeof AccessEntry>;

export interface RecordAnswer {
  document: DocumentViewT | null;
  records: RecordViewT[];
  history: HistoryEntryT[];
}

export interface SearchInput {
  reason: string;
  site?: string;
  station?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  /** YYYY-MM-DD, inclusive (the API's `to` is exclusive: the next day is sent). */
  to?: string;
  name?: string;
}

const nextDay = (d: string): string => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();

/** The registry API as the caseworker pages use it; every view carries its reason (audited at HQ). */
export const caseworkerApi = {
  search(q: SearchInput): Promise<{ items: RecordViewT[] }> {
    const p = new URLSearchParams({ reason: q.reason });
    if (q.site) p.set('site', q.site);
    if (q.station) p.set('station', q.station);
    if (q.from) p.set('from', `${q.from}T00:00:00.000Z`);
    if (q.to) p.set('to', nextDay(q.to));
    if (q.name) p.set('name', q.name);
    return api('GET', `/records?${p}`);
  },
  record(number: string, reason: string): Promise<RecordAnswer> {
    return api('GET', `/records/${encodeURIComponent(number)}?${new URLSearchParams({ reason })}`);
  },
  access(number: string): Promise<{ items: AccessEntryT[] }> {
    return api('GET', `/records/${encodeURIComponent(number)}/access`);
  },
  setStatus(number: string, action: 'revoke' | 'lost', reason: string): Promise<DocumentViewT> {
    return api('POST', `/documents/${encodeURIComponent(number)}/${action}`, { reason });
  },
};
