import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';

/** Renders a page from its own chunk, loaded on first use. */
export function Lazy<P extends object>(props: { load: () => Promise<ComponentType<P>>; props: P }) {
  const [Comp, setComp] = useState<ComponentType<P> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    props.load().then(
      (c) => live && setComp(() => c),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [props.load]);
  if (failed) return <p role="alert">{t('common.loadFailed')}</p>;
  if (!Comp) return <p aria-busy="true">{t('common.loading')}</p>;
  return <Comp {...props.props} />;
}
