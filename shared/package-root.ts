// The installed package's root folder (where package.json and examples/ live),
// whether this code runs from the TypeScript sources or compiled in dist/:
// the nearest folder above this file holding a package.json.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("bowtie: cannot find its package folder (package.json) above " + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}
