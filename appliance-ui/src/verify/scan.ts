import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

let ready: Promise<unknown> | null = null;

/** zxing's wasm comes from this server (a hashed asset), never from a CDN: the page works offline. */
function prepare(): Promise<unknown> {
  ready ??= prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
    },
    fireImmediately: true,
  });
  return ready;
}

/** The bytes of every DataMatrix in a picture (an uploaded photo or a camera frame). */
export async function readSeals(image: Blob | ImageData): Promise<Uint8Array[]> {
  await prepare();
  const results = await readBarcodes(image, {
    formats: ['DataMatrix'],
    tryHarder: true,
    maxNumberOfSymbols: 4,
  });
  return results.filter((r) => r.isValid).map((r) => Uint8Array.from(r.bytes));
}
