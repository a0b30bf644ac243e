// Scalar expressions of the KQL subset over one row. Comparisons follow KQL:
// a dynamic value compared with a string is compared as its string form (a
// missing tag is ""), numbers compare as numbers, and a null in a numeric
// comparison is false. String operators are case-insensitive unless _cs.
import { KqlError, unsupported } from "./errors.js";
import type { Expr } from "./parser.js";

export type Row = Record<string, unknown>;

export function toStr(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const isNum = (v: unknown): v is number => typeof v === "number";

function toNum(v: unknown): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

function equal(l: unknown, r: unknown): boolean | null {
  if (typeof l === "string" || typeof r === "string") return toStr(l) === toStr(r);
  if (l === null || l === undefined || r === null || r === undefined) return null;
  if (isNum(l) && isNum(r)) return l === r;
  if (typeof l === "boolean" || typeof r === "boolean") return Boolean(l) === Boolean(r);
  return JSON.stringify(l) === JSON.stringify(r);
}

/** has: the needle is a whole term of the haystack (terms are runs of letters and digits). */
function hasTerm(haystack: string, needle: string): boolean {
  const h = haystack.toLowerCase();
  const n = needle.toLowerCase();
  if (!n) return true;
  const word = /[a-z0-9]/;
  for (let i = h.indexOf(n); i >= 0; i = h.indexOf(n, i + 1)) {
    const before = i === 0 ? "" : h[i - 1]!;
    const after = h[i + n.length] ?? "";
    const needleStartsWord = word.test(n[0]!);
    const needleEndsWord = word.test(n[n.length - 1]!);
    if ((!needleStartsWord || !word.test(before)) && (!needleEndsWord || !word.test(after))) return true;
  }
  return false;
}

export const truthy = (v: unknown): boolean => v === true || (typeof v === "number" && v !== 0) || v === "true";

export function compare(a: unknown, b: unknown): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  if (isNum(a) && isNum(b)) return a - b;
  const as = toStr(a);
  const bs = toStr(b);
  return as < bs ? -1 : as > bs ? 1 : 0;
}

export const SCALAR_FUNCTIONS = new Set([
  "tostring", "tolower", "toupper", "toint", "tolong", "todouble", "toreal", "tobool", "toboolean", "todynamic", "parse_json",
  "strcat", "strlen", "substring", "split", "isempty", "isnotempty", "isnull", "isnotnull", "array_length", "bag_keys",
  "pack", "bag_pack", "pack_array", "iff", "iif", "case", "coalesce", "not",
]);

export function evaluate(e: Expr, row: Row): unknown {
  switch (e.kind) {
    case "literal":
      return e.value;
    case "column":
      return row[e.name] ?? null;
    case "negate": {
      const v = toNum(evaluate(e.of, row));
      return v === null ? null : -v;
    }
    case "member": {
      const of = evaluate(e.of, row);
      const key = evaluate(e.key, row);
      if (of === null || typeof of !== "object") return null;
      if (Array.isArray(of)) {
        const i = toNum(key);
        if (i === null || !Number.isInteger(i)) return null;
        return of[i < 0 ? of.length + i : i] ?? null;
      }
      return (of as Record<string, unknown>)[toStr(key)] ?? null;
    }
    case "in": {
      const v = evaluate(e.left, row);
      const items = e.list.flatMap((x) => {
        const r = evaluate(x, row);
        return Array.isArray(r) ? r : [r];
      });
      const ci = e.op.endsWith("~");
      const found = items.some((i) => (ci ? toStr(i).toLowerCase() === toStr(v).toLowerCase() : equal(v, i) === true));
      return e.op.startsWith("!") ? !found : found;
    }
    case "binary":
      return binary(e.op, e.left, e.right, row);
    case "call":
      return call(e.name, e.args, row);
  }
}

function binary(op: string, le: Expr, re: Expr, row: Row): unknown {
  if (op === "and") return truthy(evaluate(le, row)) && truthy(evaluate(re, row));
  if (op === "or") return truthy(evaluate(le, row)) || truthy(evaluate(re, row));
  const l = evaluate(le, row);
  const r = evaluate(re, row);
  switch (op) {
    case "==":
      return equal(l, r) === true;
    case "!=": {
      const eq = equal(l, r);
      return eq === null ? false : !eq;
    }
    case "=~":
      return toStr(l).toLowerCase() === toStr(r).toLowerCase();
    case "!~":
      return toStr(l).toLowerCase() !== toStr(r).toLowerCase();
    case "has":
      return hasTerm(toStr(l), toStr(r));
    case "!has":
      return !hasTerm(toStr(l), toStr(r));
    case "has_cs":
      return hasTerm(toStr(l), toStr(r)) && toStr(l).includes(toStr(r));
    case "contains":
      return toStr(l).toLowerCase().includes(toStr(r).toLowerCase());
    case "!contains":
      return !toStr(l).toLowerCase().includes(toStr(r).toLowerCase());
    case "contains_cs":
      return toStr(l).includes(toStr(r));
    case "startswith":
      return toStr(l).toLowerCase().startsWith(toStr(r).toLowerCase());
    case "!startswith":
      return !toStr(l).toLowerCase().startsWith(toStr(r).toLowerCase());
    case "endswith":
      return toStr(l).toLowerCase().endsWith(toStr(r).toLowerCase());
    case "!endswith":
      return !toStr(l).toLowerCase().endsWith(toStr(r).toLowerCase());
  }
  if (op === "+" && (typeof l === "string" || typeof r === "string")) throw new KqlError("InvalidQuery", "'+' does not join strings in KQL; use strcat().");
  const a = toNum(l);
  const b = toNum(r);
  if (a === null || b === null) return op === "<" || op === "<=" || op === ">" || op === ">=" ? false : null;
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return b === 0 ? null : a / b;
    case "%":
      return b === 0 ? null : a % b;
  }
  throw unsupported(op);
}

function arity(name: string, args: Expr[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw new KqlError("InvalidQuery", `${name}() takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${args.length}.`);
}

function call(name: string, args: Expr[], row: Row): unknown {
  const v = (i: number) => evaluate(args[i]!, row);
  switch (name) {
    case "tostring":
      return arity(name, args, 1), v(0) === null ? "" : toStr(v(0));
    case "tolower":
      return arity(name, args, 1), toStr(v(0)).toLowerCase();
    case "toupper":
      return arity(name, args, 1), toStr(v(0)).toUpperCase();
    case "toint":
    case "tolong": {
      arity(name, args, 1);
      const n = toNum(v(0));
      return n === null ? null : Math.trunc(n);
    }
    case "todouble":
    case "toreal":
      return arity(name, args, 1), toNum(v(0));
    case "tobool":
    case "toboolean": {
      arity(name, args, 1);
      const x = v(0);
      return typeof x === "boolean" ? x : x === "true" ? true : x === "false" ? false : typeof x === "number" ? x !== 0 : null;
    }
    case "todynamic":
    case "parse_json": {
      arity(name, args, 1);
      const x = v(0);
      if (typeof x !== "string") return x;
      try {
        return JSON.parse(x);
      } catch {
        return x;
      }
    }
    case "strcat":
      return args.map((_, i) => toStr(v(i))).join("");
    case "strlen":
      return arity(name, args, 1), toStr(v(0)).length;
    case "substring": {
      arity(name, args, 2, 3);
      const s = toStr(v(0));
      const start = toNum(v(1)) ?? 0;
      return args.length === 3 ? s.substr(start, toNum(v(2)) ?? 0) : s.slice(start);
    }
    case "split": {
      arity(name, args, 2, 3);
      const parts = toStr(v(0)).split(toStr(v(1)));
      if (args.length === 3) {
        const i = toNum(v(2));
        return i === null || parts[i] === undefined ? [] : [parts[i]];
      }
      return parts;
    }
    case "isempty":
      return arity(name, args, 1), toStr(v(0)) === "";
    case "isnotempty":
      return arity(name, args, 1), toStr(v(0)) !== "";
    case "isnull":
      return arity(name, args, 1), v(0) === null;
    case "isnotnull":
      return arity(name, args, 1), v(0) !== null;
    case "array_length": {
      arity(name, args, 1);
      const x = v(0);
      return Array.isArray(x) ? x.length : null;
    }
    case "bag_keys": {
      arity(name, args, 1);
      const x = v(0);
      return x && typeof x === "object" && !Array.isArray(x) ? Object.keys(x) : null;
    }
    case "pack":
    case "bag_pack": {
      if (args.length % 2) throw new KqlError("InvalidQuery", `${name}() takes key, value pairs.`);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < args.length; i += 2) out[toStr(v(i))] = v(i + 1);
      return out;
    }
    case "pack_array":
      return args.map((_, i) => v(i));
    case "iff":
    case "iif":
      return arity(name, args, 3), truthy(v(0)) ? v(1) : v(2);
    case "case": {
      if (args.length % 2 !== 1) throw new KqlError("InvalidQuery", "case() takes predicate, value pairs and an else value.");
      for (let i = 0; i + 1 < args.length; i += 2) if (truthy(v(i))) return v(i + 1);
      return v(args.length - 1);
    }
    case "coalesce":
      for (let i = 0; i < args.length; i++) {
        const x = v(i);
        if (x !== null && x !== "") return x;
      }
      return null;
    case "not":
      return arity(name, args, 1), !truthy(v(0));
  }
  if (AGGREGATES.has(name)) throw new KqlError("InvalidQuery", `${name}() is an aggregation: it belongs in summarize.`);
  throw unsupported(name, "function");
}

export const AGGREGATES = new Set(["count", "countif", "dcount", "make_list", "make_set", "make_bag", "any", "take_any", "min", "max", "sum", "avg"]);
