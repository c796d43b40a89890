import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let ready: Promise<unknown> | null = null;

/** Loads zxing's wasm from the installed package: it must never be fetched from a CDN. */
function prepare(): Promise<unknown> {
  ready ??= (async () => {
    const entry = createRequire(import.meta.url).resolve('zxing-wasm/reader');
    const wasm = await readFile(join(dirname(entry), '..', '..', 'reader', 'zxing_reader.wasm'));
    return prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
      fireImmediately: true,
    });
  })();
  return ready;
}

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Every DataMatrix found in a picture (PNG/JPEG bytes or RGBA pixels), as raw bytes. */
export async function readDataMatrix(image: Uint8Array | RgbaImage): Promise<Uint8Array[]> {
  await prepare();
  const results = await readBarcodes(image as Uint8Array, {
    formats: ['DataMatrix'],
    tryHarder: true,
    maxNumberOfSymbols: 4,
  });
  return results.filter((r) => r.isValid).map((r) => Uint8Array.from(r.bytes));
}
