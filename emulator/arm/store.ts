// The emulator's resources: wire JSON as written (write-only values kept),
// with the lifecycle phase ARM is in for each. Hub children are entries of
// their own; subnets live inside their VNet's body, as ARM keeps them.
import type { StoredResource } from "../network/types.js";
import type { Principal } from "../identity.js";

export type Phase = "Creating" | "Updating" | "Succeeded" | "Deleting" | "Failed";

export interface Entry {
  resource: StoredResource;
  phase: Phase;
  /** When the current operation completes, on the emulator's clock (ms). */
  readyAt: number;
  /** Set by fault injection: the operation ends Failed with this error. */
  failWith: { code: string; message: string } | null;
  operationId: string | null;
  caller: Principal;
}

export interface Operation {
  id: string;
  resourceId: string;
  kind: "put" | "delete";
  finishAt: number;
  failWith: { code: string; message: string } | null;
}

export class ArmStore {
  readonly entries = new Map<string, Entry>();
  readonly operations = new Map<string, Operation>();
  readonly powerStates = new Map<string, "running" | "stopped" | "deallocated">();
  nextPublicIp = 0;

  get(id: string): Entry | undefined {
    return this.entries.get(id.toLowerCase());
  }

  set(entry: Entry): void {
    this.entries.set(entry.resource.id.toLowerCase(), entry);
  }

  remove(id: string): void {
    const key = id.toLowerCase();
    for (const k of [...this.entries.keys()]) if (k === key || k.startsWith(`${key}/`)) this.entries.delete(k);
    this.powerStates.delete(key);
  }

  ofType(type: string, resourceGroup?: string): Entry[] {
    return [...this.entries.values()].filter(
      (e) =>
        e.resource.type.toLowerCase() === type.toLowerCase() &&
        (!resourceGroup || e.resource.id.toLowerCase().includes(`/resourcegroups/${resourceGroup.toLowerCase()}/`)),
    );
  }

  childrenOf(parentId: string): Entry[] {
    const prefix = `${parentId.toLowerCase()}/`;
    return [...this.entries.entries()].filter(([k]) => k.startsWith(prefix)).map(([, e]) => e);
  }

  toJSON() {
    return { entries: [...this.entries.values()], powerStates: Object.fromEntries(this.powerStates), nextPublicIp: this.nextPublicIp };
  }

  load(state: ReturnType<ArmStore["toJSON"]>): void {
    for (const e of state.entries) this.set(e);
    for (const [k, v] of Object.entries(state.powerStates)) this.powerStates.set(k, v);
    this.nextPublicIp = state.nextPublicIp;
  }
}
