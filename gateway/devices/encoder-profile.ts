import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CardProfile } from '../../drivers/encoder/profile.js';
import type { LdsTrust } from '../../drivers/encoder/profiles/icao-lds1/verify-lds.js';

/**
 * The chip profile the station writes (config `encoder.profile`). For icao-lds1 the read-back
 * trusts the CSCA and CRL of the station's PKI folder (`<dataDir>/pki/csca.crt`, `csca.crl`, as
 * `cardgate pki` writes them), read at each check so a new CRL counts without a restart; the
 * document signer's own CSCA is trusted as well (ChipSigner.caCertificatePem).
 */
export async function encoderProfile(
  name: 'icao-lds1' | 'iso7816-fs',
  dataDir: string,
): Promise<CardProfile> {
  if (name === 'iso7816-fs') {
    return (await import('../../drivers/encoder/profiles/iso7816-fs/profile.js')).iso7816FsProfile;
  }
  const { createIcaoLds1Profile } = await import('../../drivers/encoder/profiles/icao-lds1/profile.js');
  return createIcaoLds1Profile({ trust: () => stationTrust(dataDir) });
}

const der = (raw: Buffer, label: string): Uint8Array => {
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(
    raw.toString('latin1'),
  );
  return new Uint8Array(m ? Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64') : raw);
};

function read(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

export function stationTrust(dataDir: string): LdsTrust {
  const csca = read(join(dataDir, 'pki', 'csca.crt'));
  const crl = read(join(dataDir, 'pki', 'csca.crl'));
  return {
    csca: csca ? [der(csca, 'CERTIFICATE')] : [],
    crls: crl ? [der(crl, 'X509 CRL')] : [],
  };
}
