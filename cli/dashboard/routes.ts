// The page's routes for `bowtie dashboard`: the same handlers the Function App
// registers (functions/index.ts), on the same paths, over the local stack.
// Only reads and the what-if: nothing here starts an operation.
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { getDeployment } from "../../functions/http/get-deployment.js";
import { getHealth } from "../../functions/http/get-health.js";
import { getOpenApi } from "../../functions/http/openapi.js";
import { getUiAsset, getUiPage } from "../../functions/http/ui/assets.js";
import { getDeploymentView, getFleet } from "../../functions/http/ui/views.js";
import { whatIfDeployment } from "../../functions/http/what-if.js";
import type { LocalStack } from "../../emulator/local-stack.js";
import type { ViewSources } from "../../shared/live/views.js";

export interface Route {
  method: string;
  /** The path with {param} segments, as the Functions route under /api. */
  path: string;
  handle(request: HttpRequest): Promise<HttpResponseInit> | HttpResponseInit;
}

export function dashboardRoutes(stack: LocalStack): Route[] {
  const sources: ViewSources = { registry: stack.registry, reports: stack.health, history: stack.history, client: stack.client };
  return [
    { method: "GET", path: "/api/ui", handle: () => getUiPage() },
    { method: "GET", path: "/api/ui/{file}", handle: (r) => getUiAsset(r) },
    { method: "GET", path: "/api/ui/api/fleet", handle: () => getFleet(sources) },
    { method: "GET", path: "/api/ui/api/deployments/{name}", handle: (r) => getDeploymentView(r, sources) },
    { method: "POST", path: "/api/ui/api/deployments/{name}/whatif", handle: (r) => whatIfDeployment(r, stack.registry) },
    { method: "GET", path: "/api/deployments", handle: () => getFleet(sources) },
    { method: "GET", path: "/api/deployments/{name}", handle: (r) => getDeployment(r, stack.client, stack.registry) },
    { method: "GET", path: "/api/deployments/{name}/health", handle: (r) => getHealth(r, stack.health) },
    { method: "POST", path: "/api/deployments/{name}/whatif", handle: (r) => whatIfDeployment(r, stack.registry) },
    { method: "GET", path: "/api/openapi.json", handle: () => getOpenApi() },
  ];
}

/** The route a path matches and its parameters (one segment each, decoded), or null. */
export function matchRoute(routes: Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } | null {
  const segments = pathname.replace(/\/+$/, "").split("/");
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split("/");
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      const m = /^\{(\w+)\}$/.exec(p);
      if (!m) return p === segments[i];
      try {
        params[m[1]!] = decodeURIComponent(segments[i]!);
      } catch {
        return false;
      }
      return params[m[1]!] !== "";
    });
    if (ok) return { route, params };
  }
  return null;
}
