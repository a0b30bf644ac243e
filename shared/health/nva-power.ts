// NVAs whose VM is not running while a deploy, a remediation or a change
// waits for their sessions. A VM that restarts (resized in place, or just
// created and still booting) forwards nothing, yet Azure keeps reporting its
// BGP sessions Connected until IPsec DPD (45 s) or the BGP hold timer (180 s)
// notices: a Connected read then is stale, and a wait that trusted it would
// end while the NVA is down.
import type { Plan } from "../plan/types.js";

export interface NvaNotRunning {
  nva: string;
  /** Its VM's power state ("starting", "stopped", "deallocated", "absent", ...). */
  power: string;
}

/** The plan's NVAs whose VM was read and does not run; an NVA whose power was not read (no `powerStates`) is trusted. */
export function nvasNotRunning(plan: Plan, powerStates: Record<string, string> | undefined): NvaNotRunning[] {
  if (!powerStates) return [];
  return plan.topology.nvas
    .map((n) => ({ nva: n.name, power: powerStates[n.name] ?? "unknown" }))
    .filter((n) => n.power !== "running");
}

/** One line each, as a verification's problems say it. */
export const notRunningLine = (n: NvaNotRunning): string => `${n.nva} VM is ${n.power}: its sessions are not trusted until it runs`;
