// From a planned wire body to the model object the SDK clients take.
//
// @azure/arm-network 39 (TypeSpec "modular") and @azure/arm-compute 25 both
// FLATTEN `properties`: a model has `subnets`, `ipConfigurations`,
// `enableBgp`... at its top level, at every nesting depth, and the SDK's
// serializer nests them again on the way out. The (de)serializers that do
// this are not public: package.json `exports` maps "./models",
// "./models/common" and "./models/network" to index files that export types
// and Known* enums only; `*Serializer`/`*Deserializer` live in
// dist/esm/models/{common,network}/models.js (compute: models/compute/
// models.js), which the exports map hides (ERR_PACKAGE_PATH_NOT_EXPORTED).
//
// So the conversion is written here, with no private import, and
// test/plan/arm-sdk-roundtrip.test.ts proves it against the SDK's own
// (privately loaded) code: toSdkModel(wire) equals deserializer(wire), and
// serializer(toSdkModel(wire)) gives back the wire body, for every planned body.
import type { PlannedResource, ResourceType } from "../types.js";

type Json = unknown;

/**
 * Wire names the SDK model spells differently, per resource type, as
 * "wire path" -> model name (path = property names from the top of the
 * flattened model, array levels skipped).
 */
const RENAMES: Partial<Record<ResourceType, Record<string, string>>> = {
  // VirtualNetworkGateway: wire `properties.activeActive` is model `active`.
  "Microsoft.Network/virtualNetworkGateways": { activeActive: "active" },
};

function isPlainObject(v: Json): v is Record<string, Json> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function flatten(value: Json, renames: Record<string, string>, path: string): Json {
  if (Array.isArray(value)) return value.map((v) => flatten(v, renames, path));
  if (!isPlainObject(value)) return value;
  const out: Record<string, Json> = {};
  const put = (key: string, v: Json) => {
    const at = path ? `${path}.${key}` : key;
    out[renames[at] ?? key] = flatten(v, renames, at);
  };
  for (const [key, v] of Object.entries(value)) {
    // Every ARM (sub)resource's `properties` bag is flattened into its owner.
    if (key === "properties" && isPlainObject(v)) for (const [k, x] of Object.entries(v)) put(k, x);
    else put(key, v);
  }
  return out;
}

/** The SDK model for a planned resource's body (e.g. the `parameters` of beginCreateOrUpdate). */
export function toSdkModel(resource: Pick<PlannedResource, "type" | "body">): Record<string, unknown> {
  return flatten(resource.body, RENAMES[resource.type] ?? {}, "") as Record<string, unknown>;
}
