// A real Azurite Table service, in-process, on loopback with a random port and
// in-memory persistence: the deployment registry and health reports run
// against it locally exactly as they would against Azure Table Storage.
// Azurite's server classes are deep imports without types (pinned version in
// package.json); this file is the only place that touches them.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Azurite's well-known development account (public, documented; not a secret). */
export const AZURITE_ACCOUNT = "devstoreaccount1";
const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuriteTables {
  /** Connection string for @azure/data-tables (allowInsecureConnection: it is plain HTTP on loopback). */
  connectionString: string;
  endpoint: string;
  close(): Promise<void>;
}

interface TableServerLike {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

export async function startAzuriteTables(): Promise<AzuriteTables> {
  const TableServer = require("azurite/dist/src/table/TableServer").default as new (cfg: unknown) => TableServerLike;
  const TableConfiguration = require("azurite/dist/src/table/TableConfiguration").default as new (...args: unknown[]) => unknown;
  const config = new TableConfiguration(
    "127.0.0.1",
    0, // random free port; getHttpServerAddress() reports the real one
    undefined,
    undefined, // metadata db path: unused with in-memory persistence
    false, // debug log
    false, // access log
    undefined,
    undefined,
    false, // loose
    true, // skipApiVersionCheck: the SDK may be newer than this Azurite
    "",
    "",
    "",
    undefined,
    false,
    true, // in-memory persistence: nothing written to disk
  );
  const server = new TableServer(config);
  await server.start();
  const endpoint = `${server.getHttpServerAddress().replace(/\/$/, "")}/${AZURITE_ACCOUNT}`;
  return {
    endpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};TableEndpoint=${endpoint};`,
    close: () => server.close(),
  };
}
