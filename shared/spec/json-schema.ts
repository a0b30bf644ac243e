// The spec's JSON Schema, generated from the zod schema so the two cannot
// disagree. It describes the input side (io: "input"): fields with defaults
// are optional, as a user writes them. Checked in as
// schema/topology.schema.json for editors (examples point at it through
// "$schema"); `npm run schema` rewrites it and a test fails when it is stale.
// Only the structure is in it: the domain rules (APIPA ranges, ASNs, subnet
// sizes, ...) need validateSpec.
import { z } from "zod";
import { topologySpecSchema } from "./schema.js";

export const TOPOLOGY_SCHEMA_ID = "https://bowtie.dev/schema/topology.schema.json";

export function topologyJsonSchema(): Record<string, unknown> {
  const { $schema, ...body } = z.toJSONSchema(topologySpecSchema, { io: "input" });
  return {
    $schema,
    $id: TOPOLOGY_SCHEMA_ID,
    title: "Bowtie topology spec",
    description:
      "An HA bow-tie site-to-site VPN: Azure active-active VPN gateway with custom APIPA BGP, Cisco 8000v NVAs and Azure Route Server.",
    ...body,
  };
}
