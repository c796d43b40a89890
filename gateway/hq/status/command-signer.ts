import { randomUUID } from 'node:crypto';
import { signCompactJws } from '../../handoff/jose/store-jws.js';
import type { KeyStore } from '../../keys/key-store.js';
import { COMMAND_TYP, stationAudience } from '../../telemetry/command-token.js';
import { CONTRACT_VERSION, type CommandName } from '../../telemetry/contract/index.js';

export interface StoreCommandSigner {
  store: KeyStore;
  /** KEY_LABELS.hqCommandSigner. */
  label: string;
  /** The key id stations enrolled (the command key's SPKI fingerprint, from HQ's trust). */
  kid: string;
}

/**
 * A station command (the same JWT the station's command handler verifies: typ, aud, jti, iat,
 * exp, cmd, body) signed ES256 by HQ's command key inside the key store, never a key in memory.
 */
export async function signStoreCommand(
  signer: StoreCommandSigner,
  input: {
    site: string;
    station: string;
    command: CommandName;
    args: Record<string, unknown>;
    ttlSeconds: number;
    now: number;
    requestId?: string;
  },
): Promise<{ token: string; requestId: string }> {
  const jti = randomUUID();
  const requestId = input.requestId ?? jti;
  const iat = Math.floor(input.now / 1000);
  const claims = {
    aud: stationAudience(input.site, input.station),
    jti,
    iat,
    exp: iat + input.ttlSeconds,
    cmd: input.command,
    body: { v: CONTRACT_VERSION, requestId, ...input.args },
  };
  const token = await signCompactJws(
    signer.store,
    signer.label,
    { typ: COMMAND_TYP, kid: signer.kid },
    new TextEncoder().encode(JSON.stringify(claims)),
  );
  return { token, requestId };
}
