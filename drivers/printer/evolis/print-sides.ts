import type { CardSideImage, PrintProgress } from '../interface.js';
import { frameBitmap } from './framing.js';
import { encodeSide, panelsForRibbon, type PanelEncodeOptions } from './panels.js';
import type { SendOptions } from './session.js';

/** What streaming a card's sides needs from the driver. */
export interface SideStreamer {
  /** A plain command answered `OK` (`Sr`, `Sv`). */
  simple(name: string): Promise<void>;
  send(frame: Uint8Array[], opts: SendOptions): Promise<unknown>;
  progress(p: Omit<PrintProgress, 'jobId'>): void;
  panelTimeoutMs: number;
  encode: PanelEncodeOptions;
  signal: AbortSignal | undefined;
}

/**
 * Stream both sides of a card, panel after panel, once the sequence is started (`Ss`). One side
 * is encoded at a time (the printer prints a side's panels while the next downloads); sides not
 * yet encoded are estimated at this side's size in the progress totals.
 */
export async function streamSides(
  image: { front: CardSideImage; back?: CardSideImage },
  ribbon: string,
  d: SideStreamer,
): Promise<{ bytesSent: number; bytesTotal: number }> {
  const sides = [
    { side: 'front' as const, image: image.front, panels: panelsForRibbon(ribbon, 'front') },
    ...(image.back
      ? [{ side: 'back' as const, image: image.back, panels: panelsForRibbon(ribbon, 'back') }]
      : []),
  ];
  let bytesSent = 0;
  let bytesTotal = 0;
  let encodedBytes = 0;
  for (const [n, s] of sides.entries()) {
    d.signal?.throwIfAborted();
    await d.simple(s.side === 'front' ? 'Sr' : 'Sv');
    const frames = [...encodeSide(s.image, s.panels, d.encode)].map((p) => ({
      p,
      f: frameBitmap(p.panel, p.levels, p.data, p.compressed),
    }));
    const sideBytes = frames.reduce((t, x) => t + x.f.length, 0);
    encodedBytes += sideBytes;
    bytesTotal = encodedBytes + sideBytes * (sides.length - n - 1);
    d.progress({ step: 'side', side: s.side, bytesSent, bytesTotal });
    for (const { p, f } of frames) {
      d.signal?.throwIfAborted();
      await d.send([f.header, f.data, f.trailer], {
        label: `${p.compressed ? 'Dbc' : 'Db'};${p.panel};${p.levels}`,
        timeoutMs: d.panelTimeoutMs,
        onWritten: (k) => {
          bytesSent += k;
        },
      });
      d.progress({ step: 'panel', side: s.side, panel: p.panel, bytesSent, bytesTotal });
    }
  }
  return { bytesSent, bytesTotal };
}
