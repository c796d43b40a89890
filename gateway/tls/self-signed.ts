import { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { CardgateError } from '../core/errors.js';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  /** True when this call created the certificate. */
  generated: boolean;
}

export interface TlsOptions {
  dataDir: string;
  /** A certificate and key the configuration names; both or neither. */
  certFile?: string;
  keyFile?: string;
  /** Extra DNS names for the generated certificate (localhost and the host name are always in). */
  dnsNames?: string[];
  validityDays?: number;
}

/**
 * The station's HTTPS certificate: the configured PEM files, or a self-signed ECDSA P-256
 * certificate generated once in `<dataDir>/tls/` (SAN localhost, 127.0.0.1, ::1, host name).
 */
export async function ensureTlsMaterial(opts: TlsOptions): Promise<TlsMaterial> {
  if (opts.certFile || opts.keyFile) {
    if (!opts.certFile || !opts.keyFile) {
      throw new CardgateError('TLS_CONFIG', 'api.tls needs both certFile and keyFile', { status: 400 });
    }
    const [cert, key] = await Promise.all([readPem(opts.certFile), readPem(opts.keyFile)]);
    return { cert, key, certFile: opts.certFile, keyFile: opts.keyFile, generated: false };
  }
  const certFile = join(opts.dataDir, 'tls', 'cert.pem');
  const keyFile = join(opts.dataDir, 'tls', 'key.pem');
  const [cert, key] = await Promise.all([readFileIfExists(certFile), readFileIfExists(keyFile)]);
  if (cert && key) return { cert: cert.toString(), key: key.toString(), certFile, keyFile, generated: false };

  const made = await generateSelfSigned(opts.dnsNames ?? [], opts.validityDays ?? 825);
  await writeFileDurable(keyFile, made.key, 0o600);
  await writeFileDurable(certFile, made.cert, 0o644);
  return { ...made, certFile, keyFile, generated: true };
}

async function readPem(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new CardgateError('TLS_FILE', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`, {
      status: 400,
    });
  }
}

export async function generateSelfSigned(
  extraNames: string[],
  validityDays: number,
): Promise<{ cert: string; key: string }> {
  const crypto = webcrypto as unknown as Crypto;
  x509.cryptoProvider.set(crypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const host = hostname();
  const dns = [...new Set(['localhost', host, ...extraNames].filter(Boolean))];
  const notBefore = new Date(Date.now() - 60_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(16)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: `CN=cardgate ${host}`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + validityDays * 86_400_000),
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...dns.map((value) => ({ type: 'dns' as const, value })),
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  const key = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  return { cert: cert.toString('pem'), key };
}
