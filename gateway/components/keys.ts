import type { StationContext } from '../station.js';
import type { KeyStore } from '../keys/key-store.js';
import type { KeyStoreHealth, KeyStoreWatch } from '../keys/key-store-watch.js';
import type { IssuanceService } from '../issuance/service.js';
import type { PartReadiness } from '../api/routes/health.js';

export interface StationKeys {
  store: KeyStore;
  watch: KeyStoreWatch;
  /** Reacts to every change of the store's health; the station event follows the reactions. */
  onChange(fn: (h: KeyStoreHealth) => Promise<void> | void): void;
}

/** How /ready and the technician page show the keys: down when they cannot sign, degraded for the file store. */
export function keyStorePart(h: KeyStoreHealth): PartReadiness {
  if (!h.usable)
    return {
      name: 'key-store',
      kind: 'component',
      state: 'down',
      emulated: false,
      reason: `signing token unavailable (${h.reason ?? 'unknown'}): ${h.message ?? ''}${h.fix ? `. Fix: ${h.fix}` : ''}`,
    };
  return {
    name: 'key-store',
    kind: 'component',
    state: h.development ? 'degraded' : 'up',
    emulated: false,
    reason: h.development
      ? `development file store (${h.location}): keys are files beside the data, not in a token; configure security.keyStore for production (docs/keys.md)`
      : null,
  };
}

/**
 * The key store of security.keyStore, watched: a token that goes away (or a PIN the token
 * refuses) is noticed within `checkSeconds`, shown in /ready, told as a station event, and
 * locks issuing until the token is back.
 */
export async function startKeyStore(ctx: StationContext): Promise<StationKeys> {
  const { openKeyStore } = await import('../keys/open-key-store.js');
  const { KeyStoreWatch } = await import('../keys/key-store-watch.js');
  const sec = ctx.config.security;
  const store = await openKeyStore(sec, { dataDir: ctx.dataDir });
  const log = ctx.logger.child({ area: 'keys' });
  const listeners: Array<(h: KeyStoreHealth) => Promise<void> | void> = [];
  // The station's own reaction (the issuing lock) is in place before the event tells anyone.
  let reactions = Promise.resolve();
  const tell = (h: KeyStoreHealth, prev: KeyStoreHealth | null): void => {
    if (h.usable) {
      if (prev && !prev.usable) {
        log.info({ store: h.location }, 'key store available again');
        ctx.bus.emit('station:event', {
          level: 'info',
          code: 'KEY_STORE_AVAILABLE',
          message: `signing token available again (${h.location})`,
          source: 'keys',
        });
      }
      return;
    }
    log.error(
      { code: h.code, reason: h.reason, fix: h.fix, store: h.location },
      h.message ?? 'key store unavailable',
    );
    ctx.bus.emit('station:event', {
      level: 'fault',
      code: h.code ?? 'KEY_STORE_UNAVAILABLE',
      message: `signing token unavailable (${h.reason ?? 'unknown'})${h.fix ? `: ${h.fix}` : ''}`,
      source: 'keys',
    });
  };
  const watch = new KeyStoreWatch(store, {
    intervalMs: sec.keyStore.checkSeconds * 1000,
    now: () => ctx.clock.now(),
    onError: (e) => log.error({ err: (e as Error).message }, 'key store check failed'),
    onChange: (h, prev) => {
      reactions = reactions
        .then(async () => {
          for (const fn of listeners) await fn(h);
        })
        .catch((e: unknown) => log.error({ err: (e as Error).message }, 'reacting to the key store failed'))
        .then(() => tell(h, prev));
    },
  });
  const first = await watch.probe();
  await reactions;
  // A data directory whose data keys another store wrapped stops the start here, with its code.
  if (first.usable) await (await import('../crypto/keyring.js')).checkDataKeysOwner(ctx.dataDir, store);
  if (first.usable && store.development)
    log.warn(
      { store: store.location },
      'keys are in the development file store, not in a token (docs/keys.md)',
    );
  watch.start();
  ctx.life.started({
    name: 'key-store',
    stop: async () => {
      watch.stop();
      await store.close();
    },
    ready: () => watch.health.usable,
    describe: () => keyStorePart(watch.health),
  });
  return { store, watch, onChange: (fn) => listeners.push(fn) };
}

/** Issuing is locked (source `keys`) while the store cannot sign, and unlocked when it can again. */
export async function lockIssuingWithKeys(keys: StationKeys, issuance: IssuanceService): Promise<void> {
  const { keysLockReason, lockedByKeys } = await import('../keys/issuing-lock.js');
  const apply = async (h: KeyStoreHealth): Promise<void> => {
    const locked = lockedByKeys(issuance.station().lockReason);
    if (!h.usable) await issuance.lock('keys', keysLockReason(h), 'keys');
    else if (locked) await issuance.unlock('keys', 'keys');
  };
  keys.onChange(apply);
  await apply(keys.watch.health);
}
