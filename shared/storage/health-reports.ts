// The latest health report per deployment, in Table Storage next to the registry.
import { RestError, TableClient, type TableEntity } from "@azure/data-tables";
import { tableClient, type StorageConnection } from "./table-client.js";
import type { HealthReport } from "../health/report.js";

export const HEALTH_TABLE = "BowtieHealth";

interface HealthEntity {
  status: string;
  checkedAt: string;
  reportJson: string;
}

export class HealthReports {
  private ready: Promise<void> | null = null;

  constructor(private readonly table: TableClient) {}

  static fromConnectionString(connectionString: string): HealthReports {
    return HealthReports.fromStorage({ kind: "connectionString", connectionString });
  }

  static fromStorage(storage: StorageConnection): HealthReports {
    return new HealthReports(tableClient(storage, HEALTH_TABLE));
  }


  private ensureTable(): Promise<void> {
    this.ready ??= this.table.createTable();
    return this.ready;
  }

  async put(report: HealthReport): Promise<void> {
    await this.ensureTable();
    const entity: TableEntity<HealthEntity> = { partitionKey: report.deployment, rowKey: "latest", status: report.status, checkedAt: report.checkedAt, reportJson: JSON.stringify(report) };
    await this.table.upsertEntity(entity, "Replace");
  }

  async latest(deployment: string): Promise<HealthReport | null> {
    await this.ensureTable();
    try {
      const e = (await this.table.getEntity<HealthEntity>(deployment, "latest")) as TableEntity<HealthEntity>;
      return JSON.parse(e.reportJson) as HealthReport;
    } catch (e) {
      if (e instanceof RestError && e.statusCode === 404) return null;
      throw e;
    }
  }
}
