// The registry of deployments Bowtie manages, in Azure Table Storage (Azurite
// locally). The timer's health check walks it, the Event Grid handler maps a
// resource to its deployment through it, and the HTTP API reads it.
// Specs hold no secrets (PSKs are Key Vault references), so the spec is stored
// whole; results are stored as JSON and must be secret-free by construction.
import { RestError, TableClient, type TableEntity, type TransactionAction } from "@azure/data-tables";
import { tableClient, type StorageConnection } from "./table-client.js";
import type { TopologySpec } from "../spec/schema.js";
import type { OperationKind } from "../names.js";

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
  /**
   * The circuit breaker's strikes (ISO times): remediations that wrote
   * something and still ended unhealthy. A healthy outcome clears them.
   */
  remediations?: string[];
  /** The operation running on this deployment now, if any: the one-operation-at-a-time lock. */
  lease?: OperationLease;
  /** The kind of the last operation that began on this deployment (a torn-down deployment is not remediated). */
  lastOperation?: OperationKind;
}

/**
 * Who holds a deployment's operation lock. Taken with an ETag-conditional
 * write of the registry row, so two starters cannot both take it; released by
 * the orchestration at its ending; reclaimable when its instance is terminal,
 * or was never started within a grace period (activities/operations/).
 */
export interface OperationLease {
  kind: OperationKind;
  instanceId: string;
  /** Also in the orchestration's input: tells this run apart from an earlier run under the same instance id ("" when the run took the lock itself). */
  token: string;
  /** When the lease was taken (ISO). */
  since: string;
}

/** A record as read, with the ETag that a conditional write must match. */
export interface VersionedRecord {
  record: DeploymentRecord;
  etag: string;
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
  leaseJson?: string;
  lastOperation?: string;
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
    leaseJson: r.lease ? JSON.stringify(r.lease) : "",
    lastOperation: r.lastOperation ?? "",
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
    ...(e.leaseJson ? { lease: JSON.parse(e.leaseJson) as OperationLease } : {}),
    ...(e.lastOperation ? { lastOperation: e.lastOperation as OperationKind } : {}),
  };
}

const isStatus = (e: unknown, code: number) => e instanceof RestError && e.statusCode === code;

/** How many times a read-modify-write is retried when another writer got there first. */
const MAX_CONFLICT_RETRIES = 20;

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

  /** Many records at once, in batch transactions of up to 100 (one partition): how a fleet fixture registers thousands quickly. */
  async putMany(records: DeploymentRecord[]): Promise<void> {
    await this.ensureTable();
    for (let i = 0; i < records.length; i += 100) {
      await this.table.submitTransaction(records.slice(i, i + 100).map((r): TransactionAction => ["upsert", { ...toEntity(r) }, "Replace"]));
    }
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

  /** The record with its ETag, or null when absent. */
  async read(name: string): Promise<VersionedRecord | null> {
    await this.ensureTable();
    try {
      const e = (await this.table.getEntity<DeploymentEntity>(PARTITION, name)) as TableEntity<DeploymentEntity> & { etag: string };
      return { record: fromEntity(e), etag: e.etag };
    } catch (e) {
      if (isStatus(e, 404)) return null;
      throw e;
    }
  }

  /** Insert a record that must not exist yet; false when someone else created it first. */
  async create(record: DeploymentRecord): Promise<boolean> {
    await this.ensureTable();
    try {
      await this.table.createEntity(toEntity(record));
      return true;
    } catch (e) {
      if (isStatus(e, 409)) return false;
      throw e;
    }
  }

  /** Replace a record only if it is still the version read (its ETag); false when it changed since. */
  async replaceIfUnchanged(record: DeploymentRecord, etag: string): Promise<boolean> {
    await this.ensureTable();
    try {
      await this.table.updateEntity(toEntity(record), "Replace", { etag });
      return true;
    } catch (e) {
      if (isStatus(e, 412) || isStatus(e, 404)) return false;
      throw e;
    }
  }

  /**
   * Read-modify-write under optimistic concurrency: `change` sees the current
   * record and returns the next one (or null to leave it alone); a concurrent
   * write makes it run again on the fresh record. Returns what was written,
   * or null when the record is absent or `change` declined.
   */
  async mutate(name: string, change: (current: DeploymentRecord) => DeploymentRecord | null): Promise<DeploymentRecord | null> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.read(name);
      if (!current) return null;
      const next = change(current.record);
      if (!next) return null;
      if (await this.replaceIfUnchanged({ ...next, name }, current.etag)) return { ...next, name };
    }
    throw new Error(`the registry row of ${name} kept changing under ${MAX_CONFLICT_RETRIES} attempts to update it`);
  }

  /** Merge a change into an existing record; returns the new record, or null when absent. */
  async update(name: string, change: Partial<Omit<DeploymentRecord, "name">>): Promise<DeploymentRecord | null> {
    return this.mutate(name, (current) => ({ ...current, ...change, name }));
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
