// @peculiar/asn1-x509 needs a Reflect metadata polyfill loaded before it.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  id_signedData,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { ECDSASigValue } from '@peculiar/asn1-ecc';
import {
  AsnArray,
  AsnConvert,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import type { ChipSigner } from '../../interface.js';
import { tlv } from '../../tlv.js';
import { LDS_SECURITY_OBJECT_OID } from './layout.js';

/**
 * EF.SOD (Doc 9303-10 §4.6.2, 9303-12 appendix): `77 { ContentInfo(SignedData) }` whose
 * encapsulated content is an LDSSecurityObject (v0: version, hash algorithm, the hash of every
 * data group), signed with ECDSA P-256 / SHA-256 over the signed attributes (content type and
 * message digest) by the document signer, whose certificate travels in the SignedData.
 * The LDSSecurityObject schema is declared with asn1-schema's decorators applied as functions
 * (the project does not compile legacy decorators).
 */
export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
} as const;

const HASH_NAMES: Record<string, string> = {
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

export class DataGroupHash {
  dataGroupNumber = 0;
  dataGroupHashValue = new OctetString();
  constructor(params: Partial<DataGroupHash> = {}) {
    Object.assign(this, params);
  }
}
AsnProp({ type: AsnPropTypes.Integer })(DataGroupHash.prototype, 'dataGroupNumber');
AsnProp({ type: OctetString })(DataGroupHash.prototype, 'dataGroupHashValue');

export class DataGroupHashes extends AsnArray<DataGroupHash> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: DataGroupHash })(DataGroupHashes);

export class LdsSecurityObject {
  version = 0;
  hashAlgorithm = new AlgorithmIdentifier();
  dataGroupHashValues = new DataGroupHashes();
  constructor(params: Partial<LdsSecurityObject> = {}) {
    Object.assign(this, params);
  }
}
AsnProp({ type: AsnPropTypes.Integer })(LdsSecurityObject.prototype, 'version');
AsnProp({ type: AlgorithmIdentifier })(LdsSecurityObject.prototype, 'hashAlgorithm');
AsnProp({ type: DataGroupHashes })(LdsSecurityObject.prototype, 'dataGroupHashValues');

/** SET OF Attribute: the DER the signature covers. */
class AttributeSet extends AsnArray<Attribute> {}
AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })(AttributeSet);

export const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

const buf = (b: ArrayBuffer | Uint8Array): Buffer =>
  b instanceof Uint8Array ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.from(b);

/** Raw r‖s (the KeyStore's form) to DER ECDSA-Sig-Value (what CMS carries). */
function derSignature(raw: Uint8Array): ArrayBuffer {
  if (raw.length !== 64) throw new RangeError(`ECDSA P-256 signature of ${raw.length} bytes`);
  const int = (b: Uint8Array): ArrayBuffer => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    // A positive INTEGER: a leading 00 when the high bit is set.
    return new Uint8Array(v[0]! & 0x80 ? [0, ...v] : v).buffer;
  };
  return AsnConvert.serialize(new ECDSASigValue({ r: int(raw.subarray(0, 32)), s: int(raw.subarray(32)) }));
}

/** Builds EF.SOD over the data-group files (by number), signed through the ChipSigner. */
export async function buildSod(dataGroups: Map<number, Uint8Array>, signer: ChipSigner): Promise<Uint8Array> {
  const hashes = [...dataGroups.entries()]
    .sort(([a], [b]) => a - b)
    .map(
      ([n, file]) =>
        new DataGroupHash({ dataGroupNumber: n, dataGroupHashValue: new OctetString(sha256(file)) }),
    );
  const lso = AsnConvert.serialize(
    new LdsSecurityObject({
      hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256 }),
      dataGroupHashValues: new DataGroupHashes(hashes),
    }),
  );
  const attrs = [
    new Attribute({
      attrType: OID.contentType,
      attrValues: [AsnConvert.serialize(new ObjectIdentifierValue(LDS_SECURITY_OBJECT_OID))],
    }),
    new Attribute({
      attrType: OID.messageDigest,
      attrValues: [AsnConvert.serialize(new OctetString(sha256(new Uint8Array(lso))))],
    }),
  ];
  const signedAttrsDer = new Uint8Array(AsnConvert.serialize(new AttributeSet(attrs)));
  const signature = await signer.sign(signedAttrsDer);
  const cert = AsnConvert.parse(signer.certificateDer, Certificate);
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: cert.tbsCertificate.issuer,
        serialNumber: cert.tbsCertificate.serialNumber,
      }),
    }),
    digestAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256 }),
    signedAttrs: attrs,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 }),
    signature: new OctetString(derSignature(signature)),
  });
  const signedData = new SignedData({
    version: CMSVersion.v3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new AlgorithmIdentifier({ algorithm: OID.sha256 })]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: LDS_SECURITY_OBJECT_OID,
      eContent: new EncapsulatedContent({ single: new OctetString(lso) }),
    }),
    certificates: new CertificateSet([new CertificateChoices({ certificate: cert })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  const contentInfo = new ContentInfo({
    contentType: id_signedData,
    content: AsnConvert.serialize(signedData),
  });
  return tlv(0x77, new Uint8Array(AsnConvert.serialize(contentInfo)));
}

/** An OBJECT IDENTIFIER on its own (the content-type attribute's value). */
class ObjectIdentifierValue {
  value: string;
  constructor(value = '') {
    this.value = value;
  }
}
AsnType({ type: AsnTypeTypes.Choice })(ObjectIdentifierValue);
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(ObjectIdentifierValue.prototype, 'value');

export interface ParsedSod {
  contentInfoDer: Uint8Array;
  eContentType: string;
  hashAlgorithm: string;
  /** Hash of each data group, by number. */
  hashes: Map<number, Buffer>;
  signerCertificateDer: Uint8Array | undefined;
  signedAttrsDer: Uint8Array | undefined;
  /** The message-digest attribute and the digest of eContent it must equal. */
  messageDigest: Buffer | undefined;
  eContentDigest: Buffer;
  contentTypeAttr: string | undefined;
  signatureDer: Uint8Array;
}

/** Parses EF.SOD; throws (RangeError or the ASN.1 library's error) when it is not one. */
export function parseSod(file: Uint8Array): ParsedSod {
  if (file[0] !== 0x77) throw new RangeError('EF.SOD does not start with tag 77');
  const inner = buf(file).subarray(file[1]! < 0x80 ? 2 : 2 + (file[1]! & 0x7f));
  const contentInfo = AsnConvert.parse(inner, ContentInfo);
  if (contentInfo.contentType !== id_signedData) throw new RangeError('EF.SOD is not a SignedData');
  const sd = AsnConvert.parse(contentInfo.content, SignedData);
  const eContent = sd.encapContentInfo.eContent?.single;
  if (!eContent) throw new RangeError('SignedData carries no encapsulated content');
  const lsoDer = buf(eContent.buffer);
  const lso = AsnConvert.parse(lsoDer, LdsSecurityObject);
  const hashName = HASH_NAMES[lso.hashAlgorithm.algorithm];
  if (!hashName) throw new RangeError(`unsupported hash algorithm ${lso.hashAlgorithm.algorithm}`);
  const si = sd.signerInfos[0];
  if (!si) throw new RangeError('SignedData has no signer');
  const attrs = si.signedAttrs ?? [];
  const attr = (oid: string): ArrayBuffer | undefined => attrs.find((a) => a.attrType === oid)?.attrValues[0];
  const md = attr(OID.messageDigest);
  const ct = attr(OID.contentType);
  const certChoice = sd.certificates?.find((c) => c.certificate);
  return {
    contentInfoDer: new Uint8Array(inner),
    eContentType: sd.encapContentInfo.eContentType,
    hashAlgorithm: hashName,
    hashes: new Map(
      lso.dataGroupHashValues.map((h) => [h.dataGroupNumber, buf(h.dataGroupHashValue.buffer)]),
    ),
    signerCertificateDer: certChoice?.certificate
      ? new Uint8Array(AsnConvert.serialize(certChoice.certificate))
      : undefined,
    signedAttrsDer: si.signedAttrs
      ? new Uint8Array(AsnConvert.serialize(new AttributeSet(attrs)))
      : undefined,
    messageDigest: md ? buf(AsnConvert.parse(md, OctetString).buffer) : undefined,
    eContentDigest: createHash(hashName).update(lsoDer).digest(),
    contentTypeAttr: ct ? AsnConvert.parse(ct, ObjectIdentifierValue).value : undefined,
    signatureDer: new Uint8Array(si.signature.buffer),
  };
}
