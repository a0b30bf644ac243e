// Resource Graph as the emulator runs it: the lagged index fed by the ARM
// notification bus, the per-user quota, and the query endpoint over them.
import type { ArmEngine } from "../arm/engine.js";
import type { Clock } from "../clock.js";
import { ResourceGraphEndpoint } from "./endpoint.js";
import { GraphIndex } from "./graph-index.js";
import { DEFAULT_QUOTA, UserQuota, type QuotaOptions } from "./quota.js";
import { RESOURCE_COLUMNS } from "./rows.js";
import type { Table } from "./kql/run.js";

export interface ResourceGraphOptions {
  /** Seconds a change takes to show in query results (default 30: "95% of changes under 30 s", FLEET-HEALTH §2.4). */
  lagSeconds?: number;
  quota?: QuotaOptions;
}

export interface ExtraTable {
  columns: string[];
  rows(subscriptions: Set<string> | null): Record<string, unknown>[];
}

export class ResourceGraphService {
  readonly index: GraphIndex;
  readonly quota: UserQuota;
  readonly endpoint: ResourceGraphEndpoint;
  /** Other tables (healthresources) by name. */
  readonly extraTables = new Map<string, ExtraTable>();

  constructor(engine: ArmEngine, clock: Clock, options: ResourceGraphOptions = {}) {
    this.index = new GraphIndex(engine.store, () => clock.now(), (options.lagSeconds ?? 30) * 1000);
    this.quota = new UserQuota(options.quota ?? DEFAULT_QUOTA, () => clock.now());
    engine.events.subscribe((e) => this.index.notify(e));
    this.endpoint = new ResourceGraphEndpoint((name, subs) => this.table(name, subs), this.quota);
  }

  private table(name: string, subscriptions: Set<string> | null): Table | null {
    if (name === "resources") {
      const rows = this.index.rows();
      return { columns: RESOURCE_COLUMNS, rows: subscriptions ? rows.filter((r) => subscriptions.has(String(r.subscriptionId).toLowerCase())) : rows };
    }
    const extra = this.extraTables.get(name);
    return extra ? { columns: extra.columns, rows: extra.rows(subscriptions) } : null;
  }
}
