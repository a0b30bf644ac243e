// The emulator's resources: wire JSON as written (write-only values kept),
// with the lifecycle phase ARM is in for each. Hub children are entries of
// their own; subnets live inside their VNet's body, as ARM keeps them.
//
// Indexed by resource group, because every question the emulator answers is
// about one resource group (a list, a deployment's network, a subnet's users):
// with a fleet of a thousand deployments in one subscription, a request must
// not walk every resource. In-flight entries are kept apart so completing
// operations does not walk them either.
import type { StoredResource } from "../network/types.js";
import type { Principal } from "../identity.js";

export type PowerState = "running" | "stopped" | "deallocated" | "starting";

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
  /** "action": a long-running POST (a BGP probe) whose result the Location URL returns. */
  kind: "put" | "delete" | "action";
  finishAt: number;
  failWith: { code: string; message: string } | null;
  result?: unknown;
}

/** The lower-cased resource group of an ARM id ("" when it has none). */
export function resourceGroupOf(id: string): string {
  return /\/resourcegroups\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() ?? "";
}

const inFlight = (e: Entry) => e.phase === "Creating" || e.phase === "Updating" || e.phase === "Deleting";

export class ArmStore {
  readonly entries = new Map<string, Entry>();
  readonly operations = new Map<string, Operation>();
  readonly powerStates = new Map<string, "running" | "stopped" | "deallocated">();
  /** VM id (lower-case) -> when its guest has booted (ms): until then a "running" VM reports "starting". */
  readonly bootingUntil = new Map<string, number>();
  nextPublicIp = 0;
  /** Connections (lower-case ids) whose gateway BGP sessions are stuck until reset (a fault; network/stuck-sessions.ts). */
  readonly stuckConnections = new Set<string>();
  /** resource group -> (lower-case id -> entry). */
  private readonly byGroup = new Map<string, Map<string, Entry>>();
  /** Entries whose operation has not completed yet. */
  private readonly pending = new Set<Entry>();

  get(id: string): Entry | undefined {
    return this.entries.get(id.toLowerCase());
  }

  set(entry: Entry): void {
    const key = entry.resource.id.toLowerCase();
    const previous = this.entries.get(key);
    if (previous) this.pending.delete(previous);
    this.entries.set(key, entry);
    const rg = resourceGroupOf(key);
    let group = this.byGroup.get(rg);
    if (!group) this.byGroup.set(rg, (group = new Map()));
    group.set(key, entry);
    this.track(entry);
  }

  /** Call after changing an entry's phase: keeps the in-flight set true. */
  track(entry: Entry): void {
    if (inFlight(entry)) this.pending.add(entry);
    else this.pending.delete(entry);
  }

  /** Entries with an operation under way, oldest first. */
  inFlight(): Entry[] {
    return [...this.pending];
  }

  remove(id: string): void {
    const key = id.toLowerCase();
    const group = this.byGroup.get(resourceGroupOf(key));
    for (const [k, e] of [...(group ?? [])]) {
      if (k !== key && !k.startsWith(`${key}/`)) continue;
      this.entries.delete(k);
      group!.delete(k);
      this.pending.delete(e);
    }
    this.powerStates.delete(key);
    this.bootingUntil.delete(key);
  }

  /** A VM's power state at `now`: a VM still booting is "starting". */
  powerStateAt(id: string, now: number): PowerState | undefined {
    const key = id.toLowerCase();
    const state = this.powerStates.get(key);
    return state === "running" && now < (this.bootingUntil.get(key) ?? 0) ? "starting" : state;
  }

  /** Every entry of one resource group. */
  inResourceGroup(resourceGroup: string): Entry[] {
    return [...(this.byGroup.get(resourceGroup.toLowerCase())?.values() ?? [])];
  }

  /** Resource groups that hold at least one entry. */
  resourceGroups(): string[] {
    return [...this.byGroup].filter(([, g]) => g.size > 0).map(([rg]) => rg);
  }

  /** Entries of a type, in one resource group or (without one) anywhere. */
  ofType(type: string, resourceGroup?: string): Entry[] {
    const t = type.toLowerCase();
    const pool = resourceGroup ? this.inResourceGroup(resourceGroup) : [...this.entries.values()];
    return pool.filter((e) => e.resource.type.toLowerCase() === t);
  }

  childrenOf(parentId: string): Entry[] {
    const prefix = `${parentId.toLowerCase()}/`;
    return [...(this.byGroup.get(resourceGroupOf(parentId))?.entries() ?? [])].filter(([k]) => k.startsWith(prefix)).map(([, e]) => e);
  }

  /** Power states of the VMs in one resource group at `now`. */
  powerStatesIn(resourceGroup: string, now: number): Record<string, PowerState> {
    const out: Record<string, PowerState> = {};
    for (const key of this.byGroup.get(resourceGroup.toLowerCase())?.keys() ?? []) {
      const state = this.powerStateAt(key, now);
      if (state) out[key] = state;
    }
    return out;
  }

  toJSON() {
    // Boot times are not kept: a network restored from a state folder has been up all along (its clock starts afresh).
    return { entries: [...this.entries.values()], powerStates: Object.fromEntries(this.powerStates), nextPublicIp: this.nextPublicIp };
  }

  load(state: ReturnType<ArmStore["toJSON"]>): void {
    for (const e of state.entries) this.set(e);
    for (const [k, v] of Object.entries(state.powerStates)) this.powerStates.set(k, v);
    this.nextPublicIp = state.nextPublicIp;
  }
}
