// A structural reader for the Bicep in infra/, for tests: no Bicep compiler
// can be installed here (it is a .NET binary, and no npm package builds
// Bicep), so the tests read the declarations themselves. It understands the
// subset infra/ is written in — resource/module/var/param declarations,
// `[for x in ...:` and `if (...)` prefixes, object and array literals, string
// literals — and says so loudly (throws) when it meets something else where
// it needs a value.
import { readdirSync } from "node:fs";

/** Every Bicep file under infra/, as paths relative to it (main.bicep first). */
export function infraBicepFiles(): string[] {
  const modules = readdirSync(new URL("../../infra/modules", import.meta.url)).filter((f) => f.endsWith(".bicep"));
  return ["main.bicep", ...modules.map((f) => `modules/${f}`)];
}

export interface Declaration {
  kind: "resource" | "module";
  symbol: string;
  /** The resource type with its API version, or the module path. */
  type: string;
  existing: boolean;
  condition: string | null;
  loop: { item: string; index: string | null; source: string } | null;
  body: Map<string, string>;
}

export interface BicepFile {
  targetScope: string;
  vars: Map<string, string>;
  params: Map<string, { type: string; defaultValue: string | null }>;
  declarations: Declaration[];
}

/** Comments out, strings kept (a `//` inside a string is not a comment). */
export function stripComments(src: string): string {
  let out = "";
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'") {
      const end = stringEnd(src, i);
      out += src.slice(i, end + 1);
      i = end;
    } else if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && src[i + 1] === "*") {
      i = src.indexOf("*/", i + 2) + 1;
    } else out += c;
  }
  return out;
}

function stringEnd(src: string, start: number): number {
  for (let i = start + 1; i < src.length; i++) {
    if (src[i] === "\\") i++;
    else if (src[i] === "'") return i;
  }
  throw new Error(`unterminated string at ${start}`);
}

/** Index just past the bracket that closes the one at `open` ({ [ or (). */
export function balancedEnd(src: string, open: number): number {
  const pairs: Record<string, string> = { "{": "}", "[": "]", "(": ")" };
  const stack: string[] = [];
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'") i = stringEnd(src, i);
    else if (pairs[c]) stack.push(pairs[c]!);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    }
  }
  throw new Error(`unbalanced bracket at ${open}`);
}

/** A value from `at`: a bracketed literal, or the rest of the line. */
function valueAt(src: string, at: number): { raw: string; end: number } {
  while (src[at] === " ") at++;
  let end = at;
  // An expression may open with a call or a bracket and continue on the same line (e.g. union(a, { ... })).
  while (end < src.length && src[end] !== "\n") {
    const c = src[end]!;
    if (c === "{" || c === "[" || c === "(") end = balancedEnd(src, end);
    else if (c === "'") end = stringEnd(src, end) + 1;
    else end++;
  }
  return { raw: src.slice(at, end).trim(), end };
}

/** The top-level `key: value` pairs of an object literal `{ ... }` (braces included or not). */
export function objectEntries(literal: string): Map<string, string> {
  let src = literal.trim();
  if (src.startsWith("{")) src = src.slice(1, balancedEnd(src, 0) - 1);
  const out = new Map<string, string>();
  let i = 0;
  while (i < src.length) {
    while (i < src.length && /[\s,]/.test(src[i]!)) i++;
    if (i >= src.length) break;
    let key: string;
    if (src[i] === "'") {
      const end = stringEnd(src, i);
      key = src.slice(i + 1, end);
      i = end + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      if (!m) throw new Error(`cannot read an object key at: ${src.slice(i, i + 40)}`);
      key = m[0];
      i += key.length;
    }
    while (src[i] === " ") i++;
    if (src[i] !== ":") {
      // A nested resource declaration inside a resource body: skip it whole.
      const open = src.indexOf("{", i);
      i = balancedEnd(src, open);
      continue;
    }
    const { raw, end } = valueAt(src, i + 1);
    out.set(key, raw);
    i = end;
  }
  return out;
}

/** The elements of an array literal `[ ... ]` (newline- or comma-separated). */
export function arrayElements(literal: string): string[] {
  const src = literal.trim();
  if (!src.startsWith("[")) throw new Error(`not an array literal: ${src.slice(0, 40)}`);
  const inner = src.slice(1, balancedEnd(src, 0) - 1);
  const out: string[] = [];
  let i = 0;
  while (i < inner.length) {
    while (i < inner.length && /[\s,]/.test(inner[i]!)) i++;
    if (i >= inner.length) break;
    let end = i;
    while (end < inner.length && !/[\n,]/.test(inner[end]!)) {
      const c = inner[end]!;
      if (c === "{" || c === "[" || c === "(") end = balancedEnd(inner, end);
      else if (c === "'") end = stringEnd(inner, end) + 1;
      else end++;
    }
    out.push(inner.slice(i, end).trim());
    i = end;
  }
  return out;
}

/** A string literal's text; null for anything that is not a plain literal (interpolations included). */
export function stringLiteral(raw: string): string | null {
  const m = /^'([^'$]*)'$/.exec(raw.trim());
  return m ? m[1]! : null;
}

export function parseBicep(source: string): BicepFile {
  const src = stripComments(source);
  const file: BicepFile = { targetScope: "resourceGroup", vars: new Map(), params: new Map(), declarations: [] };
  const head = /^(targetScope|var|param|resource|module|output)\b[^\n]*/gm;
  for (let m = head.exec(src); m; m = head.exec(src)) {
    const at = m.index;
    const line = m[0];
    if (m[1] === "targetScope") file.targetScope = stringLiteral(line.split("=")[1]!)!;
    else if (m[1] === "var") {
      const v = /^var\s+(\w+)\s*=\s*/.exec(line)!;
      const { raw, end } = valueAt(src, at + v[0].length);
      file.vars.set(v[1]!, raw);
      head.lastIndex = end;
    } else if (m[1] === "param") {
      const p = /^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.*))?$/.exec(line);
      if (p) file.params.set(p[1]!, { type: p[2]!, defaultValue: p[3]?.trim() ?? null });
    } else if (m[1] === "resource" || m[1] === "module") {
      const d = /^(resource|module)\s+(\w+)\s+'([^']+)'\s*(existing\s*)?=\s*/.exec(line);
      if (!d) throw new Error(`cannot read the declaration: ${line}`);
      let i = at + d[0].length;
      let loop: Declaration["loop"] = null;
      let condition: string | null = null;
      const rest = () => src.slice(i);
      const forHead = /^\[for\s+(?:\((\w+),\s*(\w+)\)|(\w+))\s+in\s+([^:]+):\s*/.exec(rest());
      if (forHead) {
        loop = { item: forHead[1] ?? forHead[3]!, index: forHead[2] ?? null, source: forHead[4]!.trim() };
        i += forHead[0].length;
      }
      if (/^if\s*\(/.test(rest())) {
        const open = src.indexOf("(", i);
        const close = balancedEnd(src, open);
        condition = src.slice(open + 1, close - 1).trim();
        i = close;
        while (src[i] === " ") i++;
      }
      if (src[i] !== "{") throw new Error(`expected { in: ${line}`);
      const end = balancedEnd(src, i);
      file.declarations.push({ kind: m[1], symbol: d[2]!, type: d[3]!, existing: !!d[4], condition, loop, body: objectEntries(src.slice(i, end)) });
      head.lastIndex = end;
    }
  }
  return file;
}

/** A value resolved through `var`s to a string literal (throws when it cannot be). */
export function resolveString(file: BicepFile, raw: string): string {
  const literal = stringLiteral(raw);
  if (literal !== null) return literal;
  const v = file.vars.get(raw.trim());
  if (v !== undefined) return resolveString(file, v);
  throw new Error(`not a string the reader can resolve: ${raw}`);
}

export interface RoleAssignment {
  symbol: string;
  /** Role definition GUIDs this declaration assigns (several when it loops over roles). */
  roles: string[];
  /** The `scope:` expression, or null for the file's own deployment scope. */
  scope: string | null;
  /** The resource type of the scope when it names a resource of the same file. */
  scopeType: string | null;
  condition: string | null;
  principalType: string | null;
}

export function roleAssignments(file: BicepFile): RoleAssignment[] {
  const out: RoleAssignment[] = [];
  for (const d of file.declarations) {
    if (d.kind !== "resource" || !d.type.startsWith("Microsoft.Authorization/roleAssignments@")) continue;
    const props = objectEntries(d.body.get("properties") ?? "{}");
    const def = /^subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions',\s*(.+)\)$/.exec(props.get("roleDefinitionId") ?? "");
    if (!def) throw new Error(`${d.symbol}: roleDefinitionId must be subscriptionResourceId('Microsoft.Authorization/roleDefinitions', <role>)`);
    const ref = def[1]!.trim();
    const custom = /^(\w+)\.name$/.exec(ref);
    const roles = custom
      ? [customRoleRef(file, custom[1]!)]
      : d.loop && ref === d.loop.item
        ? arrayElements(file.vars.get(d.loop.source) ?? d.loop.source).map((e) => resolveString(file, e))
        : [resolveString(file, ref)];
    const scope = d.body.get("scope") ?? null;
    // `secrets[i]`: one element of a looped declaration has that declaration's type.
    const scopeSymbol = scope?.replace(/\[\w+\]$/, "");
    const scopeDecl = scopeSymbol ? file.declarations.find((x) => x.symbol === scopeSymbol) : undefined;
    out.push({ symbol: d.symbol, roles, scope, scopeType: scopeDecl ? scopeDecl.type.split("@")[0]! : null, condition: d.condition, principalType: stringLiteral(props.get("principalType") ?? "") });
  }
  return out;
}

/** How roleAssignments() names a custom role defined in the same file: `custom:<symbol>`. */
function customRoleRef(file: BicepFile, symbol: string): string {
  const d = file.declarations.find((x) => x.symbol === symbol);
  if (!d || !d.type.startsWith("Microsoft.Authorization/roleDefinitions@")) throw new Error(`${symbol} is not a role definition of this file`);
  return `custom:${symbol}`;
}

export interface CustomRole {
  symbol: string;
  /** Every action, resolved through `var`s. */
  actions: string[];
  notActions: string[];
  dataActions: string[];
  assignableScopes: string[];
}

/** The custom role definitions a file declares, their permissions read to the last action. */
export function customRoles(file: BicepFile): CustomRole[] {
  const list = (raw: string | undefined) => {
    if (raw === undefined) return [];
    const literal = raw.trim().startsWith("[") ? raw : file.vars.get(raw.trim());
    if (literal === undefined) throw new Error(`not a list the reader can resolve: ${raw}`);
    return arrayElements(literal).map((e) => resolveString(file, e));
  };
  return file.declarations
    .filter((d) => d.kind === "resource" && d.type.startsWith("Microsoft.Authorization/roleDefinitions@"))
    .map((d) => {
      const props = objectEntries(d.body.get("properties") ?? "{}");
      const permissions = arrayElements(props.get("permissions") ?? "[]").map((p) => objectEntries(p));
      return {
        symbol: d.symbol,
        actions: permissions.flatMap((p) => list(p.get("actions"))),
        notActions: permissions.flatMap((p) => list(p.get("notActions"))),
        dataActions: permissions.flatMap((p) => [...list(p.get("dataActions")), ...list(p.get("notDataActions"))]),
        assignableScopes: arrayElements(props.get("assignableScopes") ?? "[]"),
      };
    });
}

/** The Function App's app setting names (the sites/config 'appsettings' resource). */
export function appSettingNames(source: string): string[] {
  const file = parseBicep(source);
  const config = file.declarations.find((d) => d.type.startsWith("Microsoft.Web/sites/config@") && stringLiteral(d.body.get("name") ?? "") === "appsettings");
  if (!config) throw new Error("no Microsoft.Web/sites/config 'appsettings' resource");
  return [...objectEntries(config.body.get("properties") ?? "{}").keys()];
}
