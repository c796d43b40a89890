import type { SKRSContext2D } from '@napi-rs/canvas';
import { fontFamily } from './fonts.js';
import { hasArabic } from './format.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextStyle {
  x: number;
  y: number;
  font: string;
  size: number;
  maxWidth?: number | undefined;
  align?: 'left' | 'center' | 'right' | undefined;
}

/** Smallest share of the template size a too-long text may shrink to before it is squeezed. */
const MIN_SCALE = 0.7;

function fontFor(text: string, alias: string, size: number, fonts: ReadonlySet<string>): string {
  let a = alias;
  // Arabic needs a face that covers and shapes it; the template names it `arabic` (and `arabicBold`).
  if (hasArabic(text)) a = /bold/i.test(alias) && fonts.has('arabicBold') ? 'arabicBold' : 'arabic';
  return `${size}px "${fontFamily(a)}"`;
}

/**
 * Draws one line: the right face for its script (Arabic shaped right-to-left), shrunk down to
 * 70 % to fit `maxWidth`, then squeezed. Returns whether it had to be shrunk.
 */
export function drawLine(
  g: SKRSContext2D,
  text: string,
  style: TextStyle,
  colour: string,
  fonts: ReadonlySet<string>,
): { shrunk: boolean; box: Box | null } {
  if (!text) return { shrunk: false, box: null };
  const rtl = hasArabic(text);
  g.direction = rtl ? 'rtl' : 'ltr';
  g.textAlign = style.align ?? 'left';
  g.textBaseline = 'alphabetic';
  g.fillStyle = colour;
  let size = style.size;
  g.font = fontFor(text, style.font, size, fonts);
  let shrunk = false;
  if (style.maxWidth !== undefined) {
    const w = g.measureText(text).width;
    if (w > style.maxWidth) {
      shrunk = true;
      size = Math.max(style.size * MIN_SCALE, (style.size * style.maxWidth) / w);
      g.font = fontFor(text, style.font, size, fonts);
    }
  }
  // With direction rtl, textAlign 'left' still means the left edge at x: the template's boxes stay put.
  if (rtl && (style.align ?? 'left') === 'left') {
    g.textAlign = 'right';
    const w = Math.min(g.measureText(text).width, style.maxWidth ?? Infinity);
    if (style.maxWidth !== undefined) g.fillText(text, style.x + w, style.y, style.maxWidth);
    else g.fillText(text, style.x + w, style.y);
  } else if (style.maxWidth !== undefined) g.fillText(text, style.x, style.y, style.maxWidth);
  else g.fillText(text, style.x, style.y);
  const w = Math.min(g.measureText(text).width, style.maxWidth ?? Infinity);
  const align = rtl ? 'left' : (style.align ?? 'left');
  const left = align === 'left' ? style.x : align === 'center' ? style.x - w / 2 : style.x - w;
  g.direction = 'ltr';
  // Generous vertical extent: accents above capitals, descenders and Arabic marks below.
  return { shrunk, box: { x: left - 4, y: style.y - size * 1.25, width: w + 8, height: size * 1.75 } };
}

/** Greedy word wrap into at most `maxLines` lines; the last line takes the rest (and is squeezed). */
export function wrapLines(
  g: SKRSContext2D,
  text: string,
  style: TextStyle,
  maxLines: number,
  fonts: ReadonlySet<string>,
): string[] {
  if (maxLines <= 1 || style.maxWidth === undefined) return [text];
  g.font = fontFor(text, style.font, style.size, fonts);
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const next = line ? `${line} ${words[i]}` : words[i]!;
    if (line && g.measureText(next).width > style.maxWidth) {
      lines.push(line);
      line = words[i]!;
      if (lines.length === maxLines - 1) {
        line = words.slice(i).join(' ');
        break;
      }
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}
