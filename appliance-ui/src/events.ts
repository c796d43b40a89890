import { useEffect, useRef } from 'preact/hooks';
import { API } from './api.js';

export interface EventHandlers {
  job?: (data: unknown) => void;
  progress?: (data: unknown) => void;
  device?: (data: unknown) => void;
  station?: (data: unknown) => void;
  /** A print line changed state (technician's line panels). */
  line?: (data: unknown) => void;
  /** The stream (re)connected: refetch what may have been missed. */
  open?: () => void;
}

type Name = 'job' | 'progress' | 'device' | 'station' | 'line' | 'open';
const NAMES: Name[] = ['job', 'progress', 'device', 'station', 'line'];

/** One stream per path, shared by every component that listens (browsers allow few per host). */
const shared = new Map<string, { source: EventSource; listeners: Set<{ current: EventHandlers }> }>();

function subscribe(path: string, ref: { current: EventHandlers }): () => void {
  let entry = shared.get(path);
  if (!entry) {
    const source = new EventSource(API + path, { withCredentials: true });
    const listeners = new Set<{ current: EventHandlers }>();
    for (const name of NAMES)
      source.addEventListener(name, (e) => {
        let data: unknown;
        try {
          data = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const l of listeners) (l.current[name] as ((d: unknown) => void) | undefined)?.(data);
      });
    source.addEventListener('open', () => {
      for (const l of listeners) l.current.open?.();
    });
    entry = { source, listeners };
    shared.set(path, entry);
  }
  entry.listeners.add(ref);
  const mine = entry;
  return () => {
    mine.listeners.delete(ref);
    if (mine.listeners.size === 0) {
      mine.source.close();
      shared.delete(path);
    }
  };
}

/** Subscribes to the gateway's server-sent events for as long as the component lives. */
export function useServerEvents(handlers: EventHandlers, path = '/events'): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    return subscribe(path, ref);
  }, [path]);
}
