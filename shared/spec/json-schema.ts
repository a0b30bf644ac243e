// The spec's JSON Schema, generated from the zod schema so the two cannot
// disagree. Checked in as schema/topology.schema.json for editors
// (`npm run schema` rewrites it; a test fails when it is stale).
import { z } from "zod";
import { topologySpecSchema } from "./schema.js";

export function topologyJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://bowtie.dev/schema/topology.schema.json",
    title: "Bowtie topology spec",
    description: "An HA bow-tie site-to-site VPN: Azure active-active VPN gateway with custom APIPA BGP, Cisco 8000v NVAs and Azure Route Server.",
    ...z.toJSONSchema(topologySpecSchema, { io: "input" }),
  };
}
