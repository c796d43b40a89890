import { jpegInfo } from '../../../camera/jpeg-info.js';

/**
 * The ISO/IEC 19794-5:2005 facial record around the JPEG in DG2: a 14-byte record header
 * ("FAC\0", version "010\0", record length, image count), one 20-byte facial information block,
 * no feature points, a 12-byte image information block, then the JPEG as taken.
 */
const HEADER = 14;
const FACIAL_INFO = 20;
const IMAGE_INFO = 12;

export interface FaceHeader {
  version: string;
  images: number;
  width: number;
  height: number;
  /** 0 JPEG, 1 JPEG 2000. */
  imageDataType: number;
  /** 1 full frontal, 2 token frontal. */
  faceImageType: number;
}

export function buildFaceRecord(jpeg: Uint8Array): Uint8Array {
  const size = jpegInfo(jpeg) ?? { width: 0, height: 0 };
  const total = HEADER + FACIAL_INFO + IMAGE_INFO + jpeg.length;
  const b = Buffer.alloc(total);
  b.write('FAC\x00010\x00', 0, 'latin1');
  b.writeUInt32BE(total, 8);
  b.writeUInt16BE(1, 12);
  let o = HEADER;
  b.writeUInt32BE(FACIAL_INFO + IMAGE_INFO + jpeg.length, o);
  // Feature points 0, gender/eye/hair unspecified, feature mask and expression unspecified, pose 0.
  o += FACIAL_INFO;
  b[o] = 0x01; // full frontal
  b[o + 1] = 0x00; // JPEG
  b.writeUInt16BE(size.width, o + 2);
  b.writeUInt16BE(size.height, o + 4);
  b[o + 6] = 0x01; // 24-bit sRGB
  b[o + 7] = 0x02; // static photograph from a digital still camera
  o += IMAGE_INFO;
  b.set(jpeg, o);
  return b;
}

/** The header fields and the image of a facial record; throws RangeError when it is not one. */
export function parseFaceRecord(record: Uint8Array): { header: FaceHeader; image: Uint8Array } {
  const b = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  if (b.length < HEADER + FACIAL_INFO + IMAGE_INFO || b.toString('latin1', 0, 4) !== 'FAC\0') {
    throw new RangeError('not an ISO/IEC 19794-5 facial record');
  }
  const total = b.readUInt32BE(8);
  if (total !== b.length) throw new RangeError(`facial record says ${total} bytes, holds ${b.length}`);
  const blockLength = b.readUInt32BE(HEADER);
  const points = b.readUInt16BE(HEADER + 4);
  const info = HEADER + FACIAL_INFO + points * 8;
  const end = HEADER + blockLength;
  if (end > b.length || info + IMAGE_INFO > end) throw new RangeError('facial record block overruns');
  return {
    header: {
      version: b.toString('latin1', 4, 7),
      images: b.readUInt16BE(12),
      faceImageType: b[info]!,
      imageDataType: b[info + 1]!,
      width: b.readUInt16BE(info + 2),
      height: b.readUInt16BE(info + 4),
    },
    image: record.slice(info + IMAGE_INFO, end),
  };
}
