// The README shows the operations page with a screenshot the browser test
// took (test/browser/dashboard.test.ts writes it under
// BOWTIE_README_SCREENSHOT=1): the image is there, a real PNG of a page, and
// the README says how to take it again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url));
const SHOT = "docs/operations-page.png";

test("the README embeds the operations page's screenshot, a PNG the browser test writes", () => {
  const readme = read("README.md").toString("utf8");
  assert.match(readme, new RegExp(`!\\[[^\\]]+\\]\\(${SHOT.replace(".", "\\.")}\\)`), "README shows it as an image with alternative text");
  assert.match(readme, /BOWTIE_README_SCREENSHOT=1 node --import tsx --test test\/browser\/dashboard\.test\.ts/, "README says how to take it again");
  const source = read("test/browser/dashboard.test.ts").toString("utf8");
  assert.ok(source.includes(`"../../${SHOT}"`) && source.includes('process.env.BOWTIE_README_SCREENSHOT === "1"'), "the browser test is what writes it");
  const png = read(SHOT);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG");
  // IHDR: width and height, big-endian, right after the signature and the chunk header.
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  assert.ok(width >= 1000 && height >= 600, `a whole page, not a fragment (${width}x${height})`);
});
