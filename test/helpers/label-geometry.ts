// Overlapping labels, from the DOM's own geometry: the boxes the browser laid
// out for each text label (getBoundingClientRect), compared pairwise. This is
// what a reader sees, fonts and all, not what the layout code intended.
import type { Page } from "playwright-core";

export interface LabelBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The laid-out box of every non-empty element matching selector (default: every SVG text label). */
export function labelBoxes(page: Page, selector = "svg text"): Promise<LabelBox[]> {
  return page.$$eval(selector, (elements) =>
    elements
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { text: (e.textContent ?? "").trim(), x: r.x, y: r.y, width: r.width, height: r.height };
      })
      .filter((b) => b.text !== "" && b.width > 0 && b.height > 0),
  );
}

/**
 * The drawing's own box and every label in it, read in one go: a page that
 * refreshes may replace the drawing between two separate reads.
 */
export function drawingGeometry(page: Page, svgSelector: string): Promise<{ frame: Omit<LabelBox, "text">; labels: LabelBox[] }> {
  return page.$eval(svgSelector, (svg) => {
    const f = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll("text")]
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { text: (e.textContent ?? "").trim(), x: r.x, y: r.y, width: r.width, height: r.height };
      })
      .filter((b) => b.text !== "" && b.width > 0 && b.height > 0);
    return { frame: { x: f.x, y: f.y, width: f.width, height: f.height }, labels };
  });
}

/**
 * Pairs of labels whose boxes overlap by more than `tolerance` pixels in both
 * directions. A text box runs from the font's ascent to its descent, so two
 * lines set close together touch by a pixel without any glyph touching; the
 * tolerance forgives that much and no more.
 */
export function overlappingLabels(boxes: LabelBox[], tolerance = 1): Array<[LabelBox, LabelBox]> {
  const pairs: Array<[LabelBox, LabelBox]> = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (dx > tolerance && dy > tolerance) pairs.push([a, b]);
    }
  }
  return pairs;
}

/** Labels that stick out of the box they must stay inside (the drawing's own svg), so a clipped label counts too. */
export function labelsOutside(boxes: LabelBox[], frame: { x: number; y: number; width: number; height: number }, tolerance = 1): LabelBox[] {
  return boxes.filter((b) => b.x < frame.x - tolerance || b.y < frame.y - tolerance || b.x + b.width > frame.x + frame.width + tolerance || b.y + b.height > frame.y + frame.height + tolerance);
}

export const describeBox = (b: LabelBox) => `"${b.text}" at (${b.x.toFixed(0)},${b.y.toFixed(0)}) ${b.width.toFixed(0)}x${b.height.toFixed(0)}`;
