// Every operation that ended on a deployment (deploy, remediation, change,
// rotation, teardown), newest first, in Table Storage beside the registry.
// The registry row keeps only the last ending; the operations page shows what
// happened before it. One row per ending, written by endOperation, so an
// operation kind added later is recorded without touching this file.
import { RestError, TableClient, type TableEntity } from "@azure/data-tables";
import type { OperationKind } from "../names.js";
import type { DeploymentStatus } from "./deployment-registry.js";
import { tableClient, type StorageConnection } from "./table-client.js";

export const HISTORY_TABLE = "BowtieHistory";

export interface HistoryEntry {
  deployment: string;
  kind: OperationKind;
  instanceId: string;
  status: DeploymentStatus;
  reason: string | null;
  /** When the operation took the deployment's lock (ISO), null when unknown. */
  startedAt: string | null;
  endedAt: string;
  /** ARM writes the operation made, when it reports them. */
  writes: number | null;
}

interface HistoryEntity {
  kind: string;
  instanceId: string;
  status: string;
  reason: string;
  startedAt: string;
  endedAt: string;
  writes?: number;
}

// Rows sort by key, so the key counts down with time: the newest ending comes first.
const LATEST = 9_999_999_999_999;
const rowKeyOf = (endedAt: string, instanceId: string) => `${String(LATEST - Date.parse(endedAt)).padStart(13, "0")}|${instanceId}`;

/** How many endings a read returns at most. */
export const HISTORY_LIMIT = 50;

export class OperationHistory {
  private ready: Promise<void> | null = null;

  constructor(private readonly table: TableClient) {}

  static fromStorage(storage: StorageConnection): OperationHistory {
    return new OperationHistory(tableClient(storage, HISTORY_TABLE));
  }

  static fromConnectionString(connectionString: string): OperationHistory {
    return OperationHistory.fromStorage({ kind: "connectionString", connectionString });
  }

  private ensureTable(): Promise<void> {
    this.ready ??= this.table.createTable();
    return this.ready;
  }

  /** Record an ending; the same ending recorded twice (an activity retried) is one row. */
  async add(e: HistoryEntry): Promise<void> {
    await this.ensureTable();
    const entity: TableEntity<HistoryEntity> = {
      partitionKey: e.deployment,
      rowKey: rowKeyOf(e.endedAt, e.instanceId),
      kind: e.kind,
      instanceId: e.instanceId,
      status: e.status,
      reason: e.reason ?? "",
      startedAt: e.startedAt ?? "",
      endedAt: e.endedAt,
      ...(e.writes === null ? {} : { writes: e.writes }),
    };
    await this.table.upsertEntity(entity, "Replace");
  }

  /** The deployment's latest endings, newest first. */
  async list(deployment: string, limit = HISTORY_LIMIT): Promise<HistoryEntry[]> {
    await this.ensureTable();
    const out: HistoryEntry[] = [];
    const filter = `PartitionKey eq '${deployment.replace(/'/g, "''")}'`;
    try {
      for await (const e of this.table.listEntities<HistoryEntity>({ queryOptions: { filter } })) {
        out.push({
          deployment,
          kind: e.kind as OperationKind,
          instanceId: e.instanceId,
          status: e.status as DeploymentStatus,
          reason: e.reason || null,
          startedAt: e.startedAt || null,
          endedAt: e.endedAt,
          writes: typeof e.writes === "number" ? e.writes : null,
        });
        if (out.length >= limit) break;
      }
    } catch (e) {
      if (e instanceof RestError && e.statusCode === 404) return [];
      throw e;
    }
    return out;
  }
}
