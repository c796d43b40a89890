import { AsnConvert } from '@peculiar/asn1-schema';
import { PrivateKeyUsagePeriod, id_ce_privateKeyUsagePeriod } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import * as x509 from '@peculiar/x509';

/** id-icao-mrtd-security-extensions-documentTypeList (Doc 9303-12, 2.23.136.1.1.6.2). */
export const ID_DOCUMENT_TYPE_LIST = '2.23.136.1.1.6.2';

/** PrivateKeyUsagePeriod (RFC 5280 4.2.1.4, required by Doc 9303-12 for CSCA and DS). */
export function privateKeyUsagePeriod(notBefore: Date, notAfter: Date): x509.Extension {
  const value = AsnConvert.serialize(new PrivateKeyUsagePeriod({ notBefore, notAfter }));
  return new x509.Extension(id_ce_privateKeyUsagePeriod, false, value);
}

/** The private key usage period of a certificate, when it carries one. */
export function usagePeriodOf(cert: x509.X509Certificate): { notBefore?: Date; notAfter?: Date } | null {
  const ext = cert.getExtension(id_ce_privateKeyUsagePeriod);
  if (!ext) return null;
  const p = AsnConvert.parse(ext.value, PrivateKeyUsagePeriod);
  return {
    ...(p.notBefore ? { notBefore: p.notBefore } : {}),
    ...(p.notAfter ? { notAfter: p.notAfter } : {}),
  };
}

/**
 * DocumentTypeListSyntax ::= SEQUENCE { version INTEGER (v0), docTypeList SET OF PrintableString }
 * (Doc 9303-12 7.1.1.3): the document codes a DS may sign, e.g. `ID`, `IR`.
 */
export function documentTypeList(codes: string[]): x509.Extension {
  const seq = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Set({ value: codes.map((c) => new asn1js.PrintableString({ value: c })) }),
    ],
  });
  return new x509.Extension(ID_DOCUMENT_TYPE_LIST, false, seq.toBER(false));
}

export function documentTypesOf(cert: x509.X509Certificate): string[] | null {
  const ext = cert.getExtension(ID_DOCUMENT_TYPE_LIST);
  if (!ext) return null;
  const parsed = asn1js.fromBER(ext.value);
  const set = (parsed.result as asn1js.Sequence).valueBlock.value[1] as asn1js.Set;
  return set.valueBlock.value.map((v) => (v as asn1js.PrintableString).valueBlock.value);
}

export function crlDistributionPoint(url: string): x509.Extension {
  return new x509.CRLDistributionPointsExtension([url]);
}
