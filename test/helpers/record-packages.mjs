// `node --import ./test/helpers/record-packages.mjs …`: prints on stderr, one
// per line as "package <name>", every npm package the process resolves a module
// from, so a test can see what a command loads (test/cli/cli-startup.test.ts).
import { register } from "node:module";

const hooks = `
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(r.url);
  if (m) process.stderr.write("package " + m[1] + "\\n");
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
