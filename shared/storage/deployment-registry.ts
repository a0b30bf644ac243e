// The registry of deployments Bowtie manages, in Azure Table Storage (Azurite
// locally). The timer's health check walks it, the Event Grid handler maps a
// resource to its deployment through it, and the HTTP API reads it.
// Specs hold no secrets (PSKs are Key Vault references), so the spec is stored
// whole; results are stored as JSON and must be secret-free by construction.
import { RestError, TableClient, type TableEntity } from "@azure/data-tables";
import { tableClient, type StorageConnection } from "./table-client.js";
import type { TopologySpec } from "../spec/schema.js";

export const DEPLOYMENTS_TABLE = "BowtieDeployments";
const PARTITION = "deployment";

export type DeploymentStatus = "Deploying" | "Remediating" | "Succeeded" | "Failed" | "TearingDown" | "TornDown" | "NeedsAttention";

export interface DeploymentRecord {
  name: string;
  resourceGroup: string;
  subscriptionId: string | null;
  spec: TopologySpec;
  status: DeploymentStatus;
  /** The orchestration instance that last acted on this deployment. */
  instanceId: string;
  /** The last orchestration result (BGP table, resources), JSON. */
  lastResult: unknown;
  /** Why the deployment needs a person, when status is NeedsAttention or Failed. */
  reason: string | null;
  updatedAt: string;
  /** When remediations started (ISO times), for the circuit breaker. */
  remediations?: string[];
}

interface DeploymentEntity {
  resourceGroup: string;
  subscriptionId: string;
  specJson: string;
  status: string;
  instanceId: string;
  lastResultJson: string;
  reason: string;
  updatedAt: string;
  remediationsJson?: string;
}

function toEntity(r: DeploymentRecord): TableEntity<DeploymentEntity> {
  return {
    partitionKey: PARTITION,
    rowKey: r.name,
    resourceGroup: r.resourceGroup,
    subscriptionId: r.subscriptionId ?? "",
    specJson: JSON.stringify(r.spec),
    status: r.status,
    instanceId: r.instanceId,
    lastResultJson: JSON.stringify(r.lastResult ?? null),
    reason: r.reason ?? "",
    updatedAt: r.updatedAt,
    remediationsJson: JSON.stringify(r.remediations ?? []),
  };
}

function fromEntity(e: TableEntity<DeploymentEntity>): DeploymentRecord {
  return {
    name: e.rowKey,
    resourceGroup: e.resourceGroup,
    subscriptionId: e.subscriptionId || null,
    spec: JSON.parse(e.specJson) as TopologySpec,
    status: e.status as DeploymentStatus,
    instanceId: e.instanceId,
    lastResult: JSON.parse(e.lastResultJson) as unknown,
    reason: e.reason || null,
    updatedAt: e.updatedAt,
    remediations: JSON.parse(e.remediationsJson ?? "[]") as string[],
  };
}

export class DeploymentRegistry {
  private ready: Promise<void> | null = null;

  constructor(private readonly table: TableClient) {}

  static fromConnectionString(connectionString: string): DeploymentRegistry {
    return DeploymentRegistry.fromStorage({ kind: "connectionString", connectionString });
  }

  static fromStorage(storage: StorageConnection): DeploymentRegistry {
    return new DeploymentRegistry(tableClient(storage, DEPLOYMENTS_TABLE));
  }


  private ensureTable(): Promise<void> {
    // createTable is idempotent in the SDK (a 409 TableAlreadyExists is swallowed).
    this.ready ??= this.table.createTable();
    return this.ready;
  }

  async put(record: DeploymentRecord): Promise<void> {
    await this.ensureTable();
    await this.table.upsertEntity(toEntity(record), "Replace");
  }

  async get(name: string): Promise<DeploymentRecord | null> {
    await this.ensureTable();
    try {
      return fromEntity((await this.table.getEntity<DeploymentEntity>(PARTITION, name)) as TableEntity<DeploymentEntity>);
    } catch (e) {
      if (e instanceof RestError && e.statusCode === 404) return null;
      throw e;
    }
  }

  async list(): Promise<DeploymentRecord[]> {
    await this.ensureTable();
    const out: DeploymentRecord[] = [];
    for await (const e of this.table.listEntities<DeploymentEntity>({ queryOptions: { filter: `PartitionKey eq '${PARTITION}'` } })) {
      out.push(fromEntity(e as TableEntity<DeploymentEntity>));
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Merge a change into an existing record; returns the new record, or null when absent. */
  async update(name: string, change: Partial<Omit<DeploymentRecord, "name">>): Promise<DeploymentRecord | null> {
    const current = await this.get(name);
    if (!current) return null;
    const next = { ...current, ...change, name };
    await this.put(next);
    return next;
  }

  async remove(name: string): Promise<void> {
    await this.ensureTable();
    try {
      await this.table.deleteEntity(PARTITION, name);
    } catch (e) {
      if (!(e instanceof RestError && e.statusCode === 404)) throw e;
    }
  }
}
