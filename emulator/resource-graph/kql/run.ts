// Runs a parsed query over a table's rows. Each operator also carries the
// column list forward, so a query naming a column that does not exist is
// refused (KQL: "Failed to resolve") instead of matching nothing.
import { KqlError, unsupported } from "./errors.js";
import { implicitName, type Assignment, type Expr, type Query } from "./parser.js";
import { AGGREGATES, compare, evaluate, SCALAR_FUNCTIONS, toStr, truthy, type Row } from "./scalar.js";

export interface Table {
  columns: string[];
  rows: Row[];
}

export interface RunResult extends Table {
  /** The query ended in limit/take: Resource Graph gives no $skipToken then. */
  limited: boolean;
}

/** Tables a query may start from (or join): name -> its rows. */
export type Tables = (name: string) => Table | null;

function checkColumns(e: Expr, columns: Set<string>, inSummarize = false): void {
  switch (e.kind) {
    case "column":
      if (!columns.has(e.name)) throw new KqlError("InvalidQuery", `Failed to resolve scalar expression named '${e.name}'.`);
      return;
    case "member":
      checkColumns(e.of, columns), checkColumns(e.key, columns);
      return;
    case "binary":
      checkColumns(e.left, columns), checkColumns(e.right, columns);
      return;
    case "in":
      checkColumns(e.left, columns), e.list.forEach((x) => checkColumns(x, columns));
      return;
    case "negate":
      checkColumns(e.of, columns);
      return;
    case "call":
      if (!SCALAR_FUNCTIONS.has(e.name) && !(inSummarize && AGGREGATES.has(e.name))) {
        if (AGGREGATES.has(e.name)) throw new KqlError("InvalidQuery", `${e.name}() is an aggregation: it belongs in summarize.`);
        throw unsupported(e.name, "function");
      }
      e.args.forEach((x) => checkColumns(x, columns));
      return;
    case "literal":
      return;
  }
}

function named(a: Assignment, what: string): string {
  const name = a.name ?? implicitName(a.expr);
  if (!name) throw new KqlError("InvalidQuery", `${what}: give the computed column a name ('name = expression').`);
  return name;
}

export function run(query: Query, tables: Tables): RunResult {
  const source = tables(query.table);
  if (!source) throw new KqlError("UnsupportedTable", `The emulator's Resource Graph has no table '${query.table}' (it serves: resources, healthresources).`);
  let columns = [...source.columns];
  let rows = source.rows;
  let limited = false;
  for (const op of query.operators) {
    const known = new Set(columns);
    switch (op.op) {
      case "where":
        checkColumns(op.predicate, known);
        rows = rows.filter((r) => truthy(evaluate(op.predicate, r)));
        break;
      case "project":
      case "extend": {
        const names = op.columns.map((a) => named(a, op.op));
        op.columns.forEach((a) => checkColumns(a.expr, known));
        const out: Row[] = [];
        for (const r of rows) {
          const next: Row = op.op === "extend" ? { ...r } : {};
          op.columns.forEach((a, i) => (next[names[i]!] = evaluate(a.expr, r)));
          out.push(next);
        }
        rows = out;
        columns = op.op === "extend" ? [...columns.filter((c) => !names.includes(c)), ...names] : names;
        break;
      }
      case "project-away": {
        for (const n of op.names) if (!known.has(n)) throw new KqlError("InvalidQuery", `Failed to resolve column '${n}'.`);
        const away = new Set(op.names);
        rows = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !away.has(k))));
        columns = columns.filter((c) => !away.has(c));
        break;
      }
      case "mv-expand": {
        checkColumns(op.expr, known);
        const out: Row[] = [];
        for (const r of rows) {
          const v = evaluate(op.expr, r);
          const items = Array.isArray(v) ? v : v && typeof v === "object" ? Object.entries(v).map(([k, x]) => ({ [k]: x })) : [v];
          if (Array.isArray(v) && v.length === 0) continue; // an empty array yields no row
          for (const item of items) out.push({ ...r, [op.name]: item });
        }
        rows = out;
        if (!columns.includes(op.name)) columns = [...columns, op.name];
        break;
      }
      case "summarize": {
        const result = summarize(op.aggregates, op.by, rows, known);
        rows = result.rows;
        columns = result.columns;
        break;
      }
      case "join": {
        const right = run(op.right, tables);
        if (!known.has(op.left)) throw new KqlError("InvalidQuery", `join: the left side has no column '${op.left}'.`);
        if (!right.columns.includes(op.rightKey)) throw new KqlError("InvalidQuery", `join: the right side has no column '${op.rightKey}'.`);
        const byKey = new Map<string, Row[]>();
        for (const r of right.rows) {
          const k = toStr(r[op.rightKey]);
          let list = byKey.get(k);
          if (!list) byKey.set(k, (list = []));
          list.push(r);
        }
        // A right column whose name the left already has gets a "1" suffix (id1, name1), as in KQL.
        const rename = new Map(right.columns.map((c) => [c, known.has(c) ? `${c}1` : c]));
        const left = op.kind === "innerunique" ? dedupe(rows, op.left) : rows;
        const out: Row[] = [];
        for (const l of left) {
          const matches = byKey.get(toStr(l[op.left])) ?? [];
          if (!matches.length && op.kind === "leftouter") out.push({ ...l, ...Object.fromEntries(right.columns.map((c) => [rename.get(c)!, null])) });
          for (const m of matches) out.push({ ...l, ...Object.fromEntries(right.columns.map((c) => [rename.get(c)!, m[c] ?? null])) });
        }
        rows = out;
        columns = [...columns, ...right.columns.map((c) => rename.get(c)!)];
        break;
      }
      case "order": {
        op.keys.forEach((k) => checkColumns(k.expr, known));
        const keyed = rows.map((r) => ({ r, k: op.keys.map((k) => evaluate(k.expr, r)) }));
        keyed.sort((a, b) => {
          for (let i = 0; i < op.keys.length; i++) {
            const c = compare(a.k[i], b.k[i]);
            if (c) return op.keys[i]!.desc ? -c : c;
          }
          return 0;
        });
        rows = keyed.map((x) => x.r);
        break;
      }
      case "limit":
        rows = rows.slice(0, op.count);
        limited = true;
        break;
      case "count":
        rows = [{ Count: rows.length }];
        columns = ["Count"];
        break;
    }
  }
  return { columns, rows, limited };
}

function dedupe(rows: Row[], key: string): Row[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = toStr(r[key]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const AGG_PREFIX: Record<string, string> = { make_list: "list_", make_set: "set_", make_bag: "bag_", any: "any_", take_any: "any_", min: "min_", max: "max_", sum: "sum_", avg: "avg_", dcount: "dcount_" };

function summarize(aggregates: Assignment[], by: Assignment[], rows: Row[], known: Set<string>): Table {
  const byNames = by.map((a) => named(a, "summarize by"));
  by.forEach((a) => checkColumns(a.expr, known));
  const aggNames = aggregates.map((a) => {
    if (a.expr.kind !== "call" || !AGGREGATES.has(a.expr.name)) {
      if (a.expr.kind === "call" && !SCALAR_FUNCTIONS.has(a.expr.name)) throw unsupported(a.expr.name, "function");
      throw new KqlError("InvalidQuery", "summarize takes aggregations (count(), make_list(), ...) before 'by'.");
    }
    a.expr.args.forEach((x) => checkColumns(x, known, false));
    if (a.name) return a.name;
    if (a.expr.name === "count" || a.expr.name === "countif") return `${a.expr.name}_`;
    const inner = a.expr.args[0] ? implicitName(a.expr.args[0]) : null;
    if (!inner) throw new KqlError("InvalidQuery", `summarize: give ${a.expr.name}(...) a name ('name = ${a.expr.name}(...)').`);
    return `${AGG_PREFIX[a.expr.name]}${inner}`;
  });
  const groups = new Map<string, { key: unknown[]; rows: Row[] }>();
  for (const r of rows) {
    const key = by.map((a) => evaluate(a.expr, r));
    const k = JSON.stringify(key);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key, rows: [] }));
    g.rows.push(r);
  }
  if (by.length === 0 && groups.size === 0) groups.set("[]", { key: [], rows: [] });
  const out: Row[] = [];
  for (const g of groups.values()) {
    const row: Row = {};
    byNames.forEach((n, i) => (row[n] = g.key[i] ?? null));
    aggregates.forEach((a, i) => (row[aggNames[i]!] = aggregate(a.expr as Extract<Expr, { kind: "call" }>, g.rows)));
    out.push(row);
  }
  return { columns: [...byNames, ...aggNames], rows: out };
}

function aggregate(call: Extract<Expr, { kind: "call" }>, rows: Row[]): unknown {
  const arg = call.args[0];
  const values = () => (arg ? rows.map((r) => evaluate(arg, r)) : []);
  switch (call.name) {
    case "count":
      return rows.length;
    case "countif":
      return rows.filter((r) => truthy(evaluate(arg!, r))).length;
    case "dcount":
      return new Set(values().map(toStr)).size;
    case "make_list":
      return values().filter((v) => v !== null);
    case "make_set": {
      const seen = new Map<string, unknown>();
      for (const v of values()) if (v !== null && !seen.has(toStr(v))) seen.set(toStr(v), v);
      return [...seen.values()];
    }
    case "make_bag":
      return Object.assign({}, ...values().filter((v) => v && typeof v === "object" && !Array.isArray(v)));
    case "any":
    case "take_any":
      return values().find((v) => v !== null) ?? null;
    case "min":
    case "max": {
      const vs = values().filter((v) => v !== null);
      if (!vs.length) return null;
      return vs.reduce((a, b) => ((call.name === "min" ? compare(b, a) < 0 : compare(b, a) > 0) ? b : a));
    }
    case "sum":
      return values().reduce((a: number, b) => a + (typeof b === "number" ? b : 0), 0);
    case "avg": {
      const vs = values().filter((v): v is number => typeof v === "number");
      return vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null;
    }
  }
  throw unsupported(call.name, "function");
}
