// Fuzz: malformed specs and requests through the real HTTP handlers (real
// HttpRequest objects, the local durable client, the emulator, Azurite) and
// through `bowtie validate` in-process. Every answer must be a clean refusal
// (400/413/415 naming a path and a rule, or exit 1 listing them): no 5xx, no
// exception, no orchestration started, no ARM request, no registry record,
// each under 1 MB and under 1 s of work. fast-check with a fixed seed, so
// every run sends the same cases. The figures are printed as test diagnostics.
//
// Time: the issue's bound is 1 s per answer. The test machine is shared (its
// load often runs at several times its cores), so wall-clock time says more
// about the neighbours than about Bowtie: each answer's CPU time is held to
// 1 s, and its wall time only to a generous 10 s that still catches a hang or
// a quadratic blow-up (the old validator took minutes, or died).
import { after, before, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import functions from "@azure/functions";
import fc from "fast-check";
import { buildProgram } from "../../cli/program.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { dryRunPlan } from "../../functions/http/dry-run-plan.js";
import { startDeployment } from "../../functions/http/start-deployment.js";

const seedText = readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8");
const seed = JSON.parse(seedText);
const SEED = 20261205;
const RUNS = 520;
const MAX_CPU_MS = 1000;
const MAX_WALL_MS = 10_000;
const MAX_BYTES = 1_000_000;

let stack: LocalStack;
before(async () => {
  stack = await startLocalStack();
});
after(async () => stack.close());

// ---- the cases ---------------------------------------------------------------

/** One request: its body (text, raw bytes or none) and headers; cliToo when `bowtie validate` must refuse the same bytes as a file. */
interface Case {
  category?: string;
  kind: string;
  body: string | Uint8Array | undefined;
  headers: Record<string, string>;
  cliToo: boolean;
}

type Path = Array<string | number>;
function paths(v: unknown, at: Path = []): Path[] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v && typeof v === "object") return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
}
const valueAt = (path: Path) => path.reduce<any>((o, k) => o[k], seed);
const allPaths = paths(seed).filter((p) => p.length > 0);
// Strings the schema leaves free-form (a long or non-ASCII one is valid there), and tag values/keys (any Unicode).
const FREE_FORM = /^(\$schema|nvaDefaults\.(vmSize|image\..*)|keyVault\.vaultUrl|tags\..*)$/;
const restrictedStrings = allPaths.filter((p) => typeof valueAt(p) === "string" && !FREE_FORM.test(p.join(".")));
const numbers = allPaths.filter((p) => typeof valueAt(p) === "number");
const objects = allPaths.filter((p) => { const v = valueAt(p); return v && typeof v === "object" && !Array.isArray(v); });

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Sets the value at `path` (skipped when an earlier damage replaced a parent with a non-object). */
function setIn(spec: any, path: Path, value: unknown): void {
  const parent = path.slice(0, -1).reduce<any>((o, k) => (o && typeof o === "object" ? o[k] : undefined), spec);
  if (parent && typeof parent === "object") parent[path.at(-1)!] = value;
}

function set(path: Path, value: unknown): any {
  const spec = structuredClone(seed);
  setIn(spec, path, value);
  return spec;
}

/** One damage to a spec, to send alone or with others. */
interface Damage {
  kind: string;
  apply: (spec: any) => void;
}
const damaged = (damages: Damage[]): Case => {
  const spec = structuredClone(seed);
  for (const d of damages) d.apply(spec);
  return json(damages.map((d) => d.kind).join("; "), spec);
};

/** `depth` levels of [ and {"n": around 0, as JSON text (built as text: JSON.stringify itself recurses). */
function nestedText(depth: number): string {
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    open += i % 3 === 0 ? "[" : '{"n":';
    close = (i % 3 === 0 ? "]" : "}") + close;
  }
  return `${open}0${close}`;
}

const json = (kind: string, spec: unknown, extra: Partial<Case> = {}): Case => ({ kind, body: JSON.stringify(spec).replaceAll(`"${RAW_INFINITY}"`, "1e999"), headers: {}, cliToo: true, ...extra });
/** A case as a failure report shows it: what it is and its size, not a 300 KB body. */
const shown = (c: Case): Case => Object.assign(c, { [fc.toStringMethod]: () => `${c.kind} (${c.body === undefined ? "no" : c.body.length} bytes${Object.keys(c.headers).length ? `, ${JSON.stringify(c.headers)}` : ""})` });

const anyJson = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 3 }));

const wrongTypeDamage = fc
  .tuple(fc.constantFrom(...allPaths), anyJson)
  .filter(([p, v]) => typeOf(v) !== typeOf(valueAt(p)))
  .map(([p, v]): Damage => ({ kind: `wrong type at ${p.join(".")}`, apply: (s) => setIn(s, p, v) }));
const wrongType = wrongTypeDamage.map((d) => damaged([d]));

const hugeArray = fc
  .tuple(fc.constantFrom(...allPaths), fc.integer({ min: 1000, max: 60_000 }), fc.constantFrom(0, "x", null, {}, [], true))
  .map(([p, n, item]) => json(`array of ${n} at ${p.join(".")}`, set(p, Array(n).fill(item))));

const DUPLICABLE: Array<[Path, (i: number) => unknown]> = [
  [["clientVnet", "addressSpace"], () => "10.0.0.0/16"],
  [["providerVnet", "addressSpace"], () => "10.10.0.0/16"],
  [["clientVnet", "subnets"], (i) => ({ name: `s${i}`, prefix: "10.0.0.0/24" })],
  [["providerVnet", "subnets"], (i) => ({ name: `s${i}`, prefix: "10.10.2.0/24" })],
  [["nvas"], () => seed.nvas[0]],
];
const duplicates = fc
  .tuple(fc.constantFrom(...DUPLICABLE), fc.integer({ min: 2, max: 5000 }))
  .map(([[p, item], n]) => json(`${n} duplicates at ${p.join(".")}`, set(p, Array.from({ length: n }, (_, i) => item(i)))));

const deepNesting = fc
  .tuple(fc.constantFrom(...allPaths), fc.integer({ min: 33, max: 20_000 }))
  .map(([p, depth]) => {
    const c = json(`${depth} levels at ${p.join(".")}`, set(p, "__nested__"));
    return { ...c, body: (c.body as string).replace('"__nested__"', nestedText(depth)) };
  });

const giantString = fc
  .tuple(fc.constantFrom(...restrictedStrings), fc.integer({ min: 1000, max: 400_000 }), fc.constantFrom("x", "é", "😀", "\u0000", "\\"))
  .map(([p, n, ch]) => json(`${n} × ${JSON.stringify(ch)} at ${p.join(".")}`, set(p, ch.repeat(n))));

const unicodeDamage = fc
  .tuple(fc.constantFrom(...restrictedStrings), fc.string({ unit: "binary", maxLength: 30 }), fc.constantFrom("ü", "😀", "\u202e", "\ud800", "名前", "\u0301"))
  .map(([p, str, marker]): Damage => ({ kind: `unicode at ${p.join(".")}`, apply: (s) => setIn(s, p, marker + str) }));
const unicode = unicodeDamage.map((d) => damaged([d]));

const protoDamage = fc
  .tuple(fc.constantFrom(...objects, [] as Path), fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty"))
  .map(([p, key]): Damage => ({
    kind: `${key} key at ${p.join(".") || "$"}`,
    apply: (s) => {
      const target = p.reduce<any>((o, k) => (o && typeof o === "object" ? o[k] : undefined), s);
      // An own key, as JSON.parse makes it (an assignment to __proto__ would set the prototype instead).
      if (target && typeof target === "object") Object.defineProperty(target, key, { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    },
  }));
const protoKeys = protoDamage.map((d) => damaged([d]));

// 1e999 is JSON that parses to Infinity; JSON.stringify cannot write it, so it goes in as a marker replaced in the text.
const RAW_INFINITY = "__raw_1e999__";
const outOfRangeDamage = fc
  .tuple(fc.constantFrom(...numbers), fc.constantFrom(-1, 1.5, 2 ** 53 + 2, 1e308, -1e308, 4294967296, 1e-7, RAW_INFINITY))
  .map(([p, v]): Damage => ({ kind: `${v === RAW_INFINITY ? "1e999" : v} at ${p.join(".")}`, apply: (s) => setIn(s, p, v) }));
const outOfRange = outOfRangeDamage.map((d) => damaged([d]));

const notJson = fc.oneof(
  fc.string({ maxLength: 200 }).map((s) => ({ kind: "random text", body: s, headers: {}, cliToo: true })),
  fc.integer({ min: 1, max: seedText.length - 1 }).map((n) => ({ kind: `seed cut at ${n}`, body: seedText.slice(0, n), headers: {}, cliToo: true })),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => ({ kind: "random bytes", body: b, headers: {}, cliToo: true })),
  fc.constantFrom("<spec><name>lab</name></spec>", "name=lab&asn=65001", "--x\r\nContent-Disposition: form-data\r\n\r\n{}\r\n--x--", "NaN", "undefined", "{\"name\":}", "[1,2,", "\"\\ud800\"")
    .map((s) => ({ kind: `not a spec: ${s.slice(0, 20)}`, body: s, headers: {}, cliToo: true })),
);

const empty = fc.constantFrom<Case>(
  { kind: "no body", body: undefined, headers: {}, cliToo: false },
  { kind: "empty body", body: "", headers: {}, cliToo: true },
  { kind: "whitespace body", body: " \r\n\t ", headers: {}, cliToo: true },
  { kind: "BOM only", body: new Uint8Array([0xef, 0xbb, 0xbf]), headers: {}, cliToo: true },
  { kind: "JSON null", body: "null", headers: {}, cliToo: true },
  { kind: "empty object", body: "{}", headers: { "content-type": "application/json" }, cliToo: true },
);

// The seed itself, valid, under a content type that cannot carry it (the CLI has no content type: HTTP only).
const wrongContentType = fc
  .constantFrom("application/xml", "text/html", "multipart/form-data; boundary=x", "application/octet-stream", "image/png", "application/json; charset=iso-8859-1", "application/jsonx", "text/json; q=", ";;;")
  .map((type) => ({ kind: `content-type ${type}`, body: seedText, headers: { "content-type": type }, cliToo: false }));

// Bodies over 256 KiB, with an honest, a lying or no content-length.
const oversize = fc
  .tuple(fc.integer({ min: 256 * 1024 + 1, max: 2_000_000 }), fc.constantFrom("honest", "lying", "none"))
  .map(([n, declared]) => {
    const body = JSON.stringify({ ...seed, $schema: "x".repeat(n) });
    const headers: Record<string, string> = declared === "honest" ? { "content-length": String(body.length) } : declared === "lying" ? { "content-length": "100" } : {};
    return { kind: `oversize ${n} (${declared} length)`, body, headers, cliToo: declared === "none" };
  });

// Several damages at once on one spec.
const combined = fc.array(fc.oneof(wrongTypeDamage, unicodeDamage, protoDamage, outOfRangeDamage), { minLength: 2, maxLength: 4 }).map(damaged);

const CATEGORIES: Record<string, fc.Arbitrary<Case>> = { wrongType, hugeArray, duplicates, deepNesting, giantString, unicode, protoKeys, outOfRange, notJson, empty, wrongContentType, oversize, combined };
const anyCase = fc.oneof(...Object.entries(CATEGORIES).map(([category, arbitrary]) => arbitrary.map((c) => shown({ ...c, category }))));

// ---- sending them ----------------------------------------------------------

const ctx = new functions.InvocationContext({ functionName: "fuzz", logHandler: () => undefined });
const httpRequest = (path: string, c: Case) =>
  new functions.HttpRequest({
    method: "POST",
    url: `http://localhost${path}`,
    headers: c.headers,
    body: c.body === undefined ? undefined : typeof c.body === "string" ? { string: c.body } : { bytes: c.body },
  });

interface Figures { count: number; ms: number[]; cpuMs: number[]; bytes: number[]; statuses: Map<string, number> }
const figures = (): Figures => ({ count: 0, ms: [], cpuMs: [], bytes: [], statuses: new Map() });
const http = figures();
const cli = figures();
/** Runs `work`, measuring its wall time and this process's CPU time (user + system), in ms. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { result, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}
const record = (f: Figures, status: string, ms: number, cpuMs: number, bytes: number) => {
  f.count++;
  f.ms.push(ms);
  f.cpuMs.push(cpuMs);
  f.bytes.push(bytes);
  f.statuses.set(status, (f.statuses.get(status) ?? 0) + 1);
};

async function sendHttp(c: Case, handler: "plan" | "deploy"): Promise<void> {
  const request = handler === "plan" ? httpRequest("/api/plan", c) : httpRequest("/api/deployments", c);
  const { result: res, ms, cpuMs } = await timed(() => (handler === "plan" ? dryRunPlan(request) : startDeployment(request, stack.client, ctx, stack.registry)));
  const text = JSON.stringify((res as { jsonBody?: unknown }).jsonBody ?? null);
  const where = `${handler} ${c.kind}`;
  record(http, String(res.status), ms, cpuMs, text.length);
  assert.ok([400, 413, 415].includes(res.status ?? 0), `${where}: status ${res.status} ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { error?: { message?: string }; violations?: Array<{ path: string; rule: string }> };
  assert.ok(typeof body.error?.message === "string" && body.error.message.length > 10, `${where}: ${text.slice(0, 300)}`);
  if (res.status === 400) {
    assert.ok(body.violations && body.violations.length > 0 && body.violations.length <= 100, `${where}: ${text.slice(0, 300)}`);
    for (const v of body.violations) assert.ok(v.path.startsWith("$") && v.rule.trim().length > 0, `${where}: ${JSON.stringify(v).slice(0, 300)}`);
  }
  assert.ok(text.length < MAX_BYTES, `${where}: ${text.length} bytes`);
  assert.ok(cpuMs < MAX_CPU_MS && ms < MAX_WALL_MS, `${where}: ${cpuMs.toFixed(0)} ms CPU, ${ms.toFixed(0)} ms wall`);
}

const dir = mkdtempSync(join(tmpdir(), "bowtie-fuzz-"));
let files = 0;
async function sendCli(c: Case): Promise<void> {
  const file = join(dir, `case-${files++}.json`);
  writeFileSync(file, c.body ?? "");
  const out: string[] = [];
  const err: string[] = [];
  let code = -1;
  const { ms, cpuMs } = await timed(() => buildProgram({ out: (l) => out.push(l), err: (l) => err.push(l) }, (n) => (code = n)).parseAsync(["validate", file], { from: "user" }));
  const text = out.join("\n") + err.join("\n");
  record(cli, `exit ${code}`, ms, cpuMs, text.length);
  const where = `bowtie validate ${c.kind}`;
  assert.equal(code, 1, `${where}: ${text.slice(0, 300)}`);
  assert.match(err[0] ?? "", /: \d+ violation\(s\):$/, where);
  const errors = err.filter((l) => l.startsWith("  error "));
  assert.ok(errors.length > 0 && errors.length <= 100 && errors.every((l) => /^ {2}error {4}\$\S*: \S/.test(l)), `${where}: ${err.slice(0, 3).join(" | ")}`);
  assert.doesNotMatch(text, /^\s+at .+[:(]/m, where);
  assert.ok(text.length < MAX_BYTES, `${where}: ${text.length} characters`);
  assert.ok(cpuMs < MAX_CPU_MS && ms < MAX_WALL_MS, `${where}: ${cpuMs.toFixed(0)} ms CPU, ${ms.toFixed(0)} ms wall`);
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
const report = (t: TestContext, name: string, f: Figures) =>
  t.diagnostic(
    `${name}: ${f.count} answers ${JSON.stringify(Object.fromEntries(f.statuses))}; ` +
      `wall ms p50 ${quantile(f.ms, 0.5).toFixed(1)} p95 ${quantile(f.ms, 0.95).toFixed(1)} max ${Math.max(...f.ms).toFixed(1)}; ` +
      `CPU ms p50 ${quantile(f.cpuMs, 0.5).toFixed(1)} p95 ${quantile(f.cpuMs, 0.95).toFixed(1)} max ${Math.max(...f.cpuMs).toFixed(1)}; ` +
      `bytes p50 ${quantile(f.bytes, 0.5)} max ${Math.max(...f.bytes)}; machine load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
  );

test(`${RUNS} malformed specs and requests: every one a clean 4xx from both handlers and exit 1 from bowtie validate; nothing created`, async (t) => {
  // Warm the paths once (module loading, regex compilation), as a running app is.
  await dryRunPlan(httpRequest("/api/plan", { kind: "warm-up", body: seedText, headers: {}, cliToo: false }));
  const kinds = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(anyCase, async (c) => {
      kinds.set(c.category!, (kinds.get(c.category!) ?? 0) + 1);
      await sendHttp(c, "plan");
      await sendHttp(c, "deploy");
      if (c.cliToo) await sendCli(c);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  report(t, "HTTP", http);
  report(t, "bowtie validate", cli);
  t.diagnostic(`cases by kind: ${JSON.stringify(Object.fromEntries(kinds))}`);
  assert.deepEqual([...kinds.keys()].sort(), Object.keys(CATEGORIES).sort(), "every kind of damage was sent");
  assert.ok(http.count >= 2 * RUNS && cli.count >= 300, `${http.count} HTTP answers, ${cli.count} CLI answers`);
  // Nothing was created anywhere, and nothing leaked onto Object.prototype.
  assert.deepEqual(stack.host.allStatuses(), [], "no orchestration started");
  assert.deepEqual([...stack.emulator.counters.keys()], [], "no ARM request at all");
  assert.deepEqual(await stack.registry.list(), [], "no registry record");
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("5,000 duplicate prefixes answer 400 quickly with the first 100 violations and the count of the rest", async (t) => {
  const body = JSON.stringify({ ...seed, clientVnet: { ...seed.clientVnet, addressSpace: Array(5000).fill("10.0.0.0/16") } });
  t.diagnostic(`body ${body.length} bytes`);
  for (const handler of ["plan", "deploy"] as const) {
    const request = httpRequest(handler === "plan" ? "/api/plan" : "/api/deployments", { kind: "5000 duplicates", body, headers: {}, cliToo: false });
    const { result: res, ms, cpuMs } = await timed(() => (handler === "plan" ? dryRunPlan(request) : startDeployment(request, stack.client, ctx, stack.registry)));
    const text = JSON.stringify((res as { jsonBody?: unknown }).jsonBody);
    t.diagnostic(`${handler}: ${res.status} in ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU, ${text.length} bytes`);
    const answer = JSON.parse(text) as { error: { message: string }; violations: Array<{ path: string; rule: string }>; omittedViolations: number };
    assert.equal(res.status, 400);
    assert.equal(answer.violations.length, 100);
    assert.equal(answer.omittedViolations, 4899);
    assert.match(answer.error.message, /breaks 4999 rule\(s\); the first 100 are listed/);
    assert.deepEqual(answer.violations[0], { path: "$.clientVnet.addressSpace[1]", rule: "address prefixes of one VNet must not overlap; overlaps $.clientVnet.addressSpace[0] 10.0.0.0/16", value: "10.0.0.0/16" });
    assert.ok(text.length < 50_000, `${text.length} bytes`);
    assert.ok(cpuMs < MAX_CPU_MS && ms < MAX_WALL_MS, `${cpuMs.toFixed(0)} ms CPU, ${ms.toFixed(0)} ms wall`);
  }
  assert.deepEqual(stack.host.allStatuses(), []);
});
