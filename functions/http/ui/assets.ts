// GET /api/ui and GET /api/ui/{file}: the operations page, plain files from
// the package's ui/ folder (no build step). Only the files listed here are
// served, whatever the request names, so no path can reach anything else.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { packageRoot } from "../../../shared/package-root.js";
import { notFound } from "../responses.js";

const ASSETS: Record<string, string> = {
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8",
};

// The page loads only its own script and style and calls only its own API; the
// drawing's <style> is inline SVG, hence style-src 'unsafe-inline'.
const SECURITY_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-cache",
};

export const uiFolder = () => join(packageRoot(), "ui");

export async function uiAsset(file: string): Promise<HttpResponseInit> {
  const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
  if (!type) return notFound(`the page's file ${JSON.stringify(file.slice(0, 60))}`);
  const body = await readFile(join(uiFolder(), file), "utf8");
  return { status: 200, body, headers: { "Content-Type": type, ...SECURITY_HEADERS } };
}

export const getUiPage = () => uiAsset("index.html");

export const getUiAsset = (request: Pick<HttpRequest, "params">) => uiAsset(request.params.file ?? "");
