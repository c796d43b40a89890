import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cardReport, type CardReport } from '../../../drivers/encoder/card-report.js';
import { createIcaoLds1Profile } from '../../../drivers/encoder/profiles/icao-lds1/profile.js';
import {
  ldsReport,
  ldsReportText,
  type LdsReport,
} from '../../../drivers/encoder/profiles/icao-lds1/report.js';
import type { LdsTrust } from '../../../drivers/encoder/profiles/icao-lds1/verify-lds.js';
import { CardgateError } from '../../core/errors.js';
import { withEncoder } from './card-encoder.js';

export interface ReadCardOptions {
  reader?: string;
  driver: string;
  waitMs: string;
  timeoutMs: string;
  mrz?: string;
  csca?: string;
  crl?: string;
  showPersonal: boolean;
}

const badFile = (what: string, file: string, e: unknown): CardgateError =>
  new CardgateError('CERT_INVALID', `cannot read ${what} ${file}: ${(e as Error).message}`, { status: 400 });

/** Every certificate of a PEM file, DER. */
async function certificates(file: string): Promise<Uint8Array[]> {
  try {
    const pem = await readFile(file, 'utf8');
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (blocks.length === 0) throw new Error('no certificate in it');
    return blocks.map((b) => new Uint8Array(new X509Certificate(b).raw));
  } catch (e) {
    throw badFile('certificate', file, e);
  }
}

async function crl(file: string): Promise<Uint8Array> {
  try {
    const bytes = await readFile(file);
    const text = bytes.toString('latin1');
    const m = /-----BEGIN X509 CRL-----([\s\S]+?)-----END X509 CRL-----/.exec(text);
    return new Uint8Array(m ? Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64') : bytes);
  } catch (e) {
    throw badFile('CRL', file, e);
  }
}

/**
 * `cardgate card read`: an LDS1 chip when the card has the LDS1 application (through BAC when
 * the chip asks for it, with --mrz), otherwise the older iso7816-fs layout.
 */
export async function readCard(
  opts: ReadCardOptions,
): Promise<{ report: LdsReport | CardReport; text: string; ok: boolean }> {
  const trust: LdsTrust = {
    csca: opts.csca ? await certificates(opts.csca) : [],
    crls: opts.crl ? [await crl(opts.crl)] : [],
  };
  const lds = createIcaoLds1Profile({ trust: () => trust, ...(opts.mrz ? { mrz: opts.mrz } : {}) });
  const contents = await withEncoder({ ...opts, profile: lds }, (enc) => enc.readBack());
  if (Object.keys(contents.files).length > 0) {
    const report = ldsReport(contents, lds.check(contents), {
      mrz: opts.mrz !== undefined,
      personal: opts.showPersonal,
    });
    return { report, text: ldsReportText(report), ok: report.verify.ok };
  }
  const report = await withEncoder(opts, async (enc) => {
    const old = await enc.readBack();
    return cardReport(old, enc.verifyContents(old), opts.showPersonal);
  });
  return { report, text: `${JSON.stringify(report, null, 2)}\n`, ok: report.verify.ok };
}
