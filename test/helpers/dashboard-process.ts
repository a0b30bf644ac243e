// `bowtie deploy --state DIR` and `bowtie dashboard --state DIR` as a person
// runs them: the real command in its own process, read from what it prints.
// Out-of-band faults go through the emulator's control API, which the
// dashboard prints with its CA file (HTTPS, loopback only).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BOWTIE = fileURLToPath(new URL("../../bin/bowtie.js", import.meta.url));

/** Runs a bowtie command to its end; rejects with its output when it fails. */
export function bowtie(args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [BOWTIE, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => (code === 0 ? ok(out) : fail(new Error(`bowtie ${args.join(" ")} exited ${code}:\n${out}`))));
  });
}

export interface Dashboard {
  /** The page, e.g. http://127.0.0.1:PORT/api/ui */
  pageUrl: string;
  /** The dashboard's origin, for the page's own API under /api/ui/api. */
  origin: string;
  /** A call to the emulator's control API (/_bowtie/...), e.g. an NVA powered off out of band. */
  control(path: string, body?: unknown): Promise<number>;
  /** Everything the process printed so far (for a failure's message). */
  output(): string;
  /** Ctrl-C, as a person stops it; resolves when the process has exited. */
  stop(): Promise<void>;
}

export async function startDashboard(stateDir: string, extra: string[] = []): Promise<Dashboard> {
  const child: ChildProcess = spawn(process.execPath, [BOWTIE, "dashboard", "--state", stateDir, "--port", "0", ...extra], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let printed = "";
  const exited = new Promise<void>((ok) => child.on("exit", () => ok()));
  const ready = new Promise<{ pageUrl: string; control: string; ca: string }>((ok, fail) => {
    const look = () => {
      const page = /Bowtie dashboard: (http:\/\/\S+)/.exec(printed);
      const control = /emulator control[^:]*: (https:\/\/\S+?)\/_bowtie\/\s+\(CA: ([^)]+)\)/.exec(printed);
      if (page && control) ok({ pageUrl: page[1]!, control: control[1]!, ca: control[2]! });
    };
    child.stdout!.on("data", (d) => ((printed += d), look()));
    child.stderr!.on("data", (d) => (printed += d));
    child.on("exit", (code) => fail(new Error(`bowtie dashboard exited ${code} before it was ready:\n${printed}`)));
  });
  const { pageUrl, control, ca } = await ready;
  const caPem = readFileSync(ca, "utf8");
  return {
    pageUrl,
    origin: new URL(pageUrl).origin,
    output: () => printed,
    control: (path, body) =>
      new Promise((ok, fail) => {
        const req = request(`${control}/_bowtie/${path}`, { method: "POST", ca: caPem, headers: { "content-type": "application/json" } }, (res) => {
          res.resume();
          res.on("end", () => ok(res.statusCode ?? 0));
        });
        req.on("error", fail);
        req.end(JSON.stringify(body ?? {}));
      }),
    async stop() {
      if (child.exitCode === null) child.kill("SIGINT");
      await exited;
    },
  };
}
