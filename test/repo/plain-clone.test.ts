// `npm test` must pass from a plain clone: no test may read a file outside
// the repository (CI once laid Azure's REST specs in a folder beside its
// checkout, and the tests read them there; a newcomer's clone has no such
// folder). Checked structurally on the test sources: every
// relative path written as a literal ("../x", new URL("../x", import.meta.url))
// or as a chain of ".." arguments (resolve(dir, "..", "..")) must stay inside
// the repository root when resolved from the file that writes it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const inside = (p: string) => {
  const r = relative(root, p);
  return r === "" || (!r.startsWith("..") && !r.startsWith(sep));
};

/** Relative paths a source file names, each as written and resolved from its own folder. */
function relativePathsIn(source: string, fileDir: string): Array<{ written: string; resolved: string }> {
  const out: Array<{ written: string; resolved: string }> = [];
  for (const m of source.matchAll(/["'`](\.\.\/[^"'`$]*)["'`]/g)) out.push({ written: m[1]!, resolved: resolve(fileDir, m[1]!) });
  for (const m of source.matchAll(/(?:["']\.\.["']\s*,\s*)+/g)) {
    const ups = m[0].match(/\.\./g)!.length;
    out.push({ written: m[0].trim(), resolved: resolve(fileDir, ...Array<string>(ups).fill("..")) });
  }
  return out;
}

test("the check itself: the old way of reaching Azure's specs is outside the repository, the fixtures are inside", () => {
  const e2e = join(root, "test", "e2e");
  const helpers = join(root, "test", "helpers");
  // The two ways tests once reached the folder beside the checkout (written here with a stand-in name).
  assert.ok(!inside(relativePathsIn(`new URL("../../../beside/azure-specs/", import.meta.url)`, e2e)[0]!.resolved));
  assert.ok(!inside(relativePathsIn(`resolve(here, "..", "..", "..", "beside", "azure-specs")`, helpers)[0]!.resolved));
  assert.ok(inside(relativePathsIn(`new URL("../fixtures/azure-specs/", import.meta.url)`, e2e)[0]!.resolved));
  assert.ok(inside(relativePathsIn(`import { x } from "../../shared/spec/validate.js";`, e2e)[0]!.resolved));
});

test("no test or script reads a path outside the repository", () => {
  const sources = ["test", "scripts"].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true })
      .map((f) => join(root, dir, String(f)))
      .filter((f) => /\.(ts|mjs|js)$/.test(f)),
  );
  assert.ok(sources.length > 50, "found the test sources");
  const outside: string[] = [];
  const self = fileURLToPath(import.meta.url); // its own examples above are meant to be outside
  for (const file of sources.filter((f) => f !== self))
    for (const p of relativePathsIn(readFileSync(file, "utf8"), dirname(file)))
      if (!inside(p.resolved)) outside.push(`${relative(root, file)}: ${p.written}`);
  assert.deepEqual(outside, []);
});
