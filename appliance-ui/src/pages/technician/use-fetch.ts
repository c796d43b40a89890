import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';

/** GET a path now and on demand; keeps the last good value while reloading. */
export function useFetch<T>(path: string | null, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    if (!path) return Promise.resolve();
    return api<T>('GET', path).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e) => setError(e),
    );
  }, [path, ...deps]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload, setData };
}
