import { useEffect, useRef } from 'preact/hooks';
import { API } from './api.js';

export interface EventHandlers {
  job?: (data: unknown) => void;
  progress?: (data: unknown) => void;
  device?: (data: unknown) => void;
  station?: (data: unknown) => void;
  /** The stream (re)connected: refetch what may have been missed. */
  open?: () => void;
}

/** Subscribes to the gateway's server-sent events for as long as the component lives. */
export function useServerEvents(handlers: EventHandlers, path = '/events'): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(API + path, { withCredentials: true });
    const bind = (name: 'job' | 'progress' | 'device' | 'station') =>
      source.addEventListener(name, (e) => {
        let data: unknown;
        try {
          data = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        ref.current[name]?.(data);
      });
    bind('job');
    bind('progress');
    bind('device');
    bind('station');
    source.addEventListener('open', () => ref.current.open?.());
    return () => source.close();
  }, [path]);
}
