// GET /api/openapi.json: the checked-in OpenAPI document, as is. Imported
// rather than read from disk so it cannot go missing from a deployment: tsc
// copies it into dist/ beside the code that serves it, and tsx serves the file
// itself from a clone.
import type { HttpResponseInit } from "@azure/functions";
import document from "../../openapi/bowtie.openapi.json" with { type: "json" };

export function getOpenApi(): HttpResponseInit {
  return { status: 200, jsonBody: document };
}
