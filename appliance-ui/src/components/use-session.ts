import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, onUnauthorized } from '../api.js';

/** The `GET /session` answer; each shell passes its own (the station's is its route's schema). */
export type Probe<U> = { authenticated: true; user: U } | { authenticated: false; user: null };

/**
 * Who is logged in, for a page shell (station and HQ ask the same `/session` endpoint; only the
 * account's type differs). `undefined` while the probe runs, `null` for nobody.
 */
export function useSession<P extends Probe<object>>() {
  type U = NonNullable<P['user']>;
  const [user, setUser] = useState<U | null | undefined>(undefined);

  useEffect(() => {
    // The probe answers 200 either way ({ authenticated: false, user: null } for nobody), so
    // loading the login page leaves the browser console clean.
    api<P>('GET', '/session').then(
      (r) => setUser(r.authenticated ? (r.user as U) : null),
      () => setUser(null),
    );
    // A 401 from any later call means the session expired: back to the login page.
    return onUnauthorized(() => setUser(null));
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('DELETE', '/session');
    } catch (e) {
      // Logging out of a session the server already dropped still logs out here.
      if (!(e instanceof ApiError)) throw e;
    }
    setUser(null);
  }, []);

  return { user, setUser, logout };
}
