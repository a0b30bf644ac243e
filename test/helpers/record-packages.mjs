// `node --import ./test/helpers/record-packages.mjs …`: prints on stderr, one
// per line as "package <name>", every npm package the process resolves a module
// from, so a test can see what a command loads (test/cli/cli-startup.test.ts).
import { register } from "node:module";

// writeSync on fd 2: the hooks run on their own thread (Node 22+), whose
// process.stderr is relayed asynchronously and lost when the process exits at
// once (commander's --help); a direct write to the descriptor is not.
const hooks = `
import { writeSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(r.url);
  if (m) writeSync(2, "package " + m[1] + "\\n");
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
