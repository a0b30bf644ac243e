// What functions/index.ts registers, without the Functions host. @azure/functions
// looks up the worker's "@azure/functions-core" module lazily on the first
// app.* call; outside the host it falls back to "test mode" and drops every
// registration. Supplying a stand-in for that module (a Module._load hook,
// installed before the registration module is imported) captures each
// function's metadata and handler instead.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Module = require("node:module") as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };

export interface RegisteredBinding {
  type: string;
  direction: string;
  [setting: string]: unknown;
}

export interface RegisteredFunction {
  name: string;
  triggerType: string;
  bindings: Record<string, RegisteredBinding>;
  handler: (...args: unknown[]) => unknown;
}

export async function captureRegistrations(load: () => Promise<unknown>): Promise<RegisteredFunction[]> {
  const captured: RegisteredFunction[] = [];
  const fakeCore = {
    setProgrammingModel: () => undefined,
    registerHook: () => ({ dispose: () => undefined }),
    log: () => undefined,
    registerFunction: (metadata: { name: string; bindings: Record<string, RegisteredBinding> }, handler: RegisteredFunction["handler"]) => {
      const trigger = Object.values(metadata.bindings).find((b) => /trigger$/i.test(b.type));
      captured.push({ name: metadata.name, triggerType: trigger?.type ?? "none", bindings: metadata.bindings, handler });
      return { dispose: () => undefined };
    },
  };
  const original = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === "@azure/functions-core") return fakeCore;
    return original.call(this, request, parent, isMain);
  };
  try {
    await load();
  } finally {
    Module._load = original;
  }
  return captured;
}
