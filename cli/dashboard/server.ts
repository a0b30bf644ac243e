// A plain node:http server on loopback that turns each request into the
// @azure/functions HttpRequest the handlers take, and their answer back into
// HTTP: the Function App's page and API without the Functions host.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import functions, { type HttpResponseInit } from "@azure/functions";
import { MAX_SPEC_BYTES } from "../../shared/spec/spec-text.js";
import { matchRoute, type Route } from "./routes.js";

/** Reads at most one byte past the spec limit: the handler refuses what is larger, and no more is held. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    chunks.push(b);
    size += b.length;
    if (size > MAX_SPEC_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, MAX_SPEC_BYTES + 1);
}

function send(res: ServerResponse, out: HttpResponseInit): void {
  const headers: Record<string, string> = { ...(out.headers as Record<string, string> | undefined) };
  let body: string | Buffer = "";
  if (out.jsonBody !== undefined) {
    body = JSON.stringify(out.jsonBody);
    headers["Content-Type"] ??= "application/json; charset=utf-8";
  } else if (typeof out.body === "string") body = out.body;
  res.writeHead(out.status ?? 200, headers);
  res.end(body);
}

async function handle(routes: Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = req.method ?? "GET";
  if (method === "GET" && (url.pathname === "/" || url.pathname === "/api/ui/")) {
    res.writeHead(302, { Location: "/api/ui" });
    return void res.end();
  }
  const match = matchRoute(routes, method, url.pathname);
  if (!match) return send(res, { status: 404, jsonBody: { error: { code: "NotFound", message: `${method} ${url.pathname.slice(0, 100)} is not a route of the dashboard` } } });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
  const body = method === "POST" ? await readBody(req) : undefined;
  const request = new functions.HttpRequest({ method, url: url.href, headers, params: match.params, ...(body ? { body: { bytes: body } } : {}) });
  send(res, await match.route.handle(request));
}

export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

export async function startDashboardServer(routes: Route[], port: number): Promise<DashboardServer> {
  const server: Server = createServer((req, res) => {
    handle(routes, req, res).catch((e: unknown) => {
      // The error's first line only: a stack trace says nothing to a browser.
      if (!res.headersSent) send(res, { status: 500, jsonBody: { error: { code: "InternalError", message: String(e instanceof Error ? e.message : e).split("\n")[0] } } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
