// Loads the saved Azure REST swaggers (network 2024-05-01, compute
// virtualMachine.json) from test/fixtures/azure-specs, and turns
// the PUT body schema of a resource type into one self-contained JSON schema:
// every $ref, across files, is copied into a local `definitions` map so ajv
// and the strict key walker see the same resolved tree (recursion included).
//
// Refs into files that were not saved resolve to a permissive `{}`, counted
// in `missingRefs`, except the few compute definitions Bowtie's VM body uses,
// which get a hand-written stand-in (COMPUTE_STANDINS below) so VM keys are
// still checked strictly.
import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The copies kept in the repository (see its README: source, API versions, licence). */
export const SPECS_DIR = fileURLToPath(new URL("../fixtures/azure-specs/", import.meta.url));

const NETWORK_FILES = [
  "network.json",
  "networkInterface.json",
  "networkSecurityGroup.json",
  "publicIpAddress.json",
  "virtualNetwork.json",
  "virtualNetworkGateway.json",
  "virtualWan.json",
].map((f) => join("2024-05-01", f));
const COMPUTE_FILES = [join("compute", "virtualMachine.json")];

type Schema = Record<string, any>;

/**
 * Stand-ins for definitions in files we do not keep (computeRPCommon.json and
 * common-types/v1/common.json). Written by hand after reading
 * Azure/azure-rest-api-specs specification/compute/resource-manager/
 * Microsoft.Compute/ComputeRP/stable/2025-04-01/computeRPCommon.json (commit
 * fb205a8b8b61361fabcef8f5e72f784c91e85922) and common-types v1: each lists
 * the real definition's writable properties that matter here, with their
 * types; keys Bowtie does not send are simply not listed, so the walker would
 * reject them (a stricter check than the real schema, never a looser one).
 * Anything else in those files stays permissive and is counted.
 */
const str = { type: "string" };
const bool = { type: "boolean" };
const COMPUTE_STANDINS: Record<string, Schema> = {
  "common.json#/definitions/Resource": {
    properties: {
      id: { ...str, readOnly: true },
      name: { ...str, readOnly: true },
      type: { ...str, readOnly: true },
      location: str,
      tags: { type: "object", additionalProperties: str },
    },
    required: ["location"],
  },
  "common.json#/definitions/SubResource": { properties: { id: str } },
  "computeRPCommon.json#/definitions/Plan": { properties: { name: str, publisher: str, product: str, promotionCode: str } },
  "computeRPCommon.json#/definitions/HardwareProfile": { properties: { vmSize: str } },
  "computeRPCommon.json#/definitions/StorageProfile": {
    properties: {
      imageReference: { properties: { publisher: str, offer: str, sku: str, version: str, id: str } },
      osDisk: {
        properties: {
          createOption: { type: "string", enum: ["FromImage", "Empty", "Attach", "Copy", "Restore"] },
          managedDisk: {
            properties: {
              storageAccountType: {
                type: "string",
                enum: ["Standard_LRS", "Premium_LRS", "StandardSSD_LRS", "UltraSSD_LRS", "Premium_ZRS", "StandardSSD_ZRS", "PremiumV2_LRS"],
              },
            },
          },
          deleteOption: { type: "string", enum: ["Delete", "Detach"] },
          caching: { type: "string", enum: ["None", "ReadOnly", "ReadWrite"] },
          diskSizeGB: { type: "integer" },
        },
        required: ["createOption"],
      },
    },
  },
  "computeRPCommon.json#/definitions/OSProfile": {
    properties: {
      computerName: str,
      adminUsername: str,
      adminPassword: str,
      customData: str,
      linuxConfiguration: {
        properties: {
          disablePasswordAuthentication: bool,
          ssh: { properties: { publicKeys: { type: "array", items: { properties: { path: str, keyData: str } } } } },
          provisionVMAgent: bool,
        },
      },
    },
  },
  "computeRPCommon.json#/definitions/NetworkProfile": {
    properties: {
      networkInterfaces: {
        type: "array",
        items: {
          allOf: [{ $ref: "common.json#/definitions/SubResource" }],
          properties: { properties: { properties: { primary: bool, deleteOption: { type: "string", enum: ["Delete", "Detach"] } } } },
        },
      },
    },
  },
  "computeRPCommon.json#/definitions/DiagnosticsProfile": {
    properties: { bootDiagnostics: { properties: { enabled: bool, storageUri: str } } },
  },
};

function load(file: string): Schema {
  return JSON.parse(readFileSync(join(SPECS_DIR, file), "utf8"));
}

const docs = new Map<string, Schema>([...NETWORK_FILES, ...COMPUTE_FILES].map((f) => [normalize(f), load(f)]));

/** The PUT body schema per resource type, read from each saved file's paths. */
function putBodies(): Map<string, { file: string; schema: Schema }> {
  const out = new Map<string, { file: string; schema: Schema }>();
  for (const [file, doc] of docs) {
    for (const [path, ops] of Object.entries<any>(doc.paths ?? {})) {
      const body = ops.put?.parameters?.find((p: any) => p.in === "body");
      if (!body?.schema) continue;
      const tail = path.split("/providers/")[1];
      if (!tail || path.startsWith("/providers")) continue;
      // "Microsoft.Network/virtualHubs/{virtualHubName}/bgpConnections/{connectionName}" -> type
      const type = tail.split("/").filter((s) => !s.startsWith("{")).join("/");
      if (!out.has(type)) out.set(type, { file, schema: body.schema });
    }
  }
  return out;
}
const PUT_BODIES = putBodies();

export interface Bundle {
  schema: Schema;
  /** Refs that resolved to a permissive `{}` (file not saved, no stand-in), as written. */
  missingRefs: Set<string>;
}

/**
 * One self-contained schema for a resource type's PUT body. Definitions are
 * keyed "<file>#<pointer>" (sanitised) so two files' "SubResource" stay apart.
 */
export function bundleFor(type: string): Bundle {
  const root = PUT_BODIES.get(type);
  if (!root) throw new Error(`no PUT body schema for ${type} in the saved swaggers`);
  const definitions: Record<string, Schema> = {};
  const missingRefs = new Set<string>();

  const keyOf = (file: string, pointer: string) => `${file}${pointer}`.replace(/[^A-Za-z0-9_.-]/g, "_");

  const rewrite = (node: any, file: string): any => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, file));
    if (!node || typeof node !== "object") return node;
    const out: Schema = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.$ref = target(v, file);
      // Example links are not schemas; drop them so nothing tries to resolve them.
      else if (k === "x-ms-examples") continue;
      else out[k] = rewrite(v, file);
    }
    return out;
  };

  const target = (ref: string, fromFile: string): string => {
    const [refFile, pointer = ""] = ref.split("#");
    const file = refFile ? normalize(join(dirname(fromFile), refFile)) : fromFile;
    const key = keyOf(file, pointer);
    if (key in definitions) return `#/definitions/${key}`;
    const doc = docs.get(file);
    if (!doc) {
      const standin = COMPUTE_STANDINS[`${file.split("/").pop()}#${pointer}`];
      definitions[key] = {};
      if (standin) definitions[key] = rewrite(standin, file);
      else missingRefs.add(`${relative(".", file)}#${pointer}`);
      return `#/definitions/${key}`;
    }
    definitions[key] = {}; // placeholder first: recursion ends here
    const resolved = pointer
      .split("/")
      .filter(Boolean)
      .reduce<any>((n, seg) => n?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    if (resolved === undefined) throw new Error(`unresolvable $ref ${ref} from ${fromFile}`);
    definitions[key] = rewrite(resolved, file);
    return `#/definitions/${key}`;
  };

  const top = rewrite(root.schema, root.file);
  return { schema: { ...top, definitions }, missingRefs };
}
