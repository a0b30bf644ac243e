import { topologyJsonSchema } from "../../shared/spec/json-schema.js";
import type { CliIo } from "../io.js";

export function schemaCommand(io: CliIo): number {
  io.out(JSON.stringify(topologyJsonSchema(), null, 2));
  return 0;
}
