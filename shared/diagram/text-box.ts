// How much room a line of SVG text takes, estimated without a browser: the
// layout places every label from these boxes, and the tests check from the
// same boxes that no two labels overlap. The factors are on the wide side of
// Helvetica/Arial/Segoe UI (digits 0.56em, capitals up to 0.72em) so that the
// real glyphs fit inside the estimate; a browser test checks the real ones.
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TextLabel {
  text: string;
  x: number;
  /** The baseline. */
  y: number;
  size: number;
  bold?: boolean;
  anchor?: "start" | "end";
}

const EM = 0.62;
const EM_BOLD = 0.68;
// Arrows and other symbols are about a full em wide.
const WIDE = /[⇄→←·●]/u;

export function textWidth(text: string, size: number, bold = false): number {
  let ems = 0;
  for (const ch of text) ems += WIDE.test(ch) && ch !== "·" ? 1 : bold ? EM_BOLD : EM;
  return ems * size;
}

/** The box a label's glyphs occupy: ascent above the baseline, descent below. */
export function labelBox(l: TextLabel): Rect {
  const w = textWidth(l.text, l.size, l.bold);
  return { x: l.anchor === "end" ? l.x - w : l.x, y: l.y - l.size * 0.95, w, h: l.size * 1.25 };
}

/** The text cut (with an ellipsis) to fit a width: a long user-given name never runs out of its box. */
export function fitText(text: string, maxWidth: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(chars.join("") + "…", size, bold) > maxWidth) chars.pop();
  return chars.join("") + "…";
}

export const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

export const inside = (inner: Rect, outer: Rect): boolean =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
