import { loadSpec, printViolations } from "../load-spec.js";
import type { CliIo } from "../io.js";

export function validateCommand(file: string, io: CliIo): number {
  const loaded = loadSpec(file);
  printViolations(file, loaded, io.err);
  if (!loaded.ok) return 1;
  const s = loaded.spec;
  io.out(`${file}: valid — deployment ${s.name}, ${s.nvas.length} NVA(s), gateway ${s.gateway.sku}, Route Server ${s.routeServer.enabled ? "on" : "off"}`);
  return 0;
}
