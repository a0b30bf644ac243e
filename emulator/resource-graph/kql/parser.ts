// The KQL subset, parsed by hand into a small tree (README.md lists it).
// Anything outside the subset is refused here by name, before a row is read:
// an emulator that guessed would hand back a silently wrong answer.
import { KqlError, unsupported } from "./errors.js";
import { tokenize, type Token } from "./lexer.js";

export type Expr =
  | { kind: "literal"; value: unknown }
  | { kind: "column"; name: string }
  | { kind: "member"; of: Expr; key: Expr }
  | { kind: "call"; name: string; args: Expr[] }
  | { kind: "binary"; op: string; left: Expr; right: Expr }
  | { kind: "in"; op: "in" | "!in" | "in~" | "!in~"; left: Expr; list: Expr[] }
  | { kind: "negate"; of: Expr };

export interface Assignment {
  /** null: named after the expression (a column keeps its name). */
  name: string | null;
  expr: Expr;
}

export interface SortKey {
  expr: Expr;
  desc: boolean;
}

export type Operator =
  | { op: "where"; predicate: Expr }
  | { op: "project"; columns: Assignment[] }
  | { op: "project-away"; names: string[] }
  | { op: "extend"; columns: Assignment[] }
  | { op: "mv-expand"; name: string; expr: Expr }
  | { op: "summarize"; aggregates: Assignment[]; by: Assignment[] }
  | { op: "join"; kind: "innerunique" | "inner" | "leftouter"; right: Query; left: string; rightKey: string }
  | { op: "order"; keys: SortKey[] }
  | { op: "limit"; count: number }
  | { op: "count" };

export interface Query {
  table: string;
  operators: Operator[];
}

const TABULAR_SUPPORTED = new Set(["where", "filter", "project", "project-away", "extend", "mv-expand", "summarize", "join", "order", "sort", "limit", "take", "count"]);
const STRING_OPS = new Set(["has", "!has", "contains", "!contains", "startswith", "!startswith", "endswith", "!endswith", "has_cs", "contains_cs"]);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    return this.tokens[this.i++] ?? this.tokens[this.tokens.length - 1]!;
  }
  private isPunct(text: string, t = this.peek()): boolean {
    return t.kind === "punct" && t.text === text;
  }
  private isWord(text: string, t = this.peek()): boolean {
    return t.kind === "word" && t.text.toLowerCase() === text;
  }
  private expectPunct(text: string): void {
    const t = this.next();
    if (t.kind !== "punct" || t.text !== text) throw new KqlError("InvalidQuery", `Expected '${text}' at position ${t.at}.`);
  }
  private expectWord(text: string): void {
    const t = this.next();
    if (!this.isWord(text, t)) throw new KqlError("InvalidQuery", `Expected '${text}' at position ${t.at}.`);
  }
  private name(): string {
    const t = this.next();
    if (t.kind === "word") return t.text;
    if (t.kind === "punct" && t.text === "[") {
      const s = this.next();
      if (s.kind !== "string") throw new KqlError("InvalidQuery", `Expected a quoted column name at position ${s.at}.`);
      this.expectPunct("]");
      return s.value;
    }
    throw new KqlError("InvalidQuery", `Expected a name at position ${t.at}.`);
  }

  query(stopAtParen = false): Query {
    const first = this.next();
    if (first.kind !== "word") throw new KqlError("InvalidQuery", `A query starts with a table name (position ${first.at}).`);
    if (this.isPunct("(") || this.isWord("let", first)) throw unsupported(first.text);
    const q: Query = { table: first.text.toLowerCase(), operators: [] };
    while (this.isPunct("|")) {
      this.next();
      q.operators.push(this.operator());
    }
    const t = this.peek();
    if (t.kind === "end" || (stopAtParen && this.isPunct(")"))) return q;
    if (this.isPunct(";")) throw unsupported("; (multiple statements)");
    throw new KqlError("InvalidQuery", `Unexpected '${t.kind === "word" || t.kind === "punct" ? t.text : String((t as { value?: unknown }).value)}' at position ${t.at}.`);
  }

  private operator(): Operator {
    const t = this.next();
    if (t.kind !== "word") throw new KqlError("InvalidQuery", `Expected an operator after '|' at position ${t.at}.`);
    const op = t.text.toLowerCase();
    if (!TABULAR_SUPPORTED.has(op)) throw unsupported(t.text);
    switch (op) {
      case "where":
      case "filter":
        return { op: "where", predicate: this.expr() };
      case "project":
        return { op: "project", columns: this.assignments() };
      case "extend":
        return { op: "extend", columns: this.assignments() };
      case "project-away": {
        const names = [this.name()];
        while (this.isPunct(",")) (this.next(), names.push(this.name()));
        return { op: "project-away", names };
      }
      case "mv-expand": {
        if (this.isWord("bagexpansion") || this.isWord("with_itemindex") || this.isWord("kind")) throw unsupported(`mv-expand ${this.peek().kind === "word" ? (this.peek() as { text: string }).text : ""}`);
        const a = this.assignment();
        if (this.isPunct(",")) throw unsupported("mv-expand of several columns");
        if (this.isWord("to") || this.isWord("limit")) throw unsupported(`mv-expand ... ${(this.peek() as { text: string }).text}`);
        const name = a.name ?? implicitName(a.expr);
        if (!name) throw new KqlError("InvalidQuery", "mv-expand needs a column or 'name = expression'.");
        return { op: "mv-expand", name, expr: a.expr };
      }
      case "summarize": {
        const aggregates = this.isWord("by") ? [] : this.assignments();
        let by: Assignment[] = [];
        if (this.isWord("by")) {
          this.next();
          by = this.assignments();
        }
        return { op: "summarize", aggregates, by };
      }
      case "join":
        return this.join();
      case "order":
      case "sort": {
        this.expectWord("by");
        const keys: SortKey[] = [];
        do {
          if (keys.length) this.next();
          const expr = this.expr();
          let desc = true; // KQL sorts descending unless told
          if (this.isWord("asc")) (this.next(), (desc = false));
          else if (this.isWord("desc")) this.next();
          if (this.isWord("nulls")) throw unsupported("order by ... nulls first/last");
          keys.push({ expr, desc });
        } while (this.isPunct(","));
        return { op: "order", keys };
      }
      case "limit":
      case "take": {
        const n = this.next();
        if (n.kind !== "number" || !Number.isInteger(n.value)) throw new KqlError("InvalidQuery", `${op} needs a whole number (position ${n.at}).`);
        return { op: "limit", count: n.value };
      }
      default:
        return { op: "count" };
    }
  }

  private join(): Operator {
    let kind: "innerunique" | "inner" | "leftouter" = "innerunique";
    if (this.isWord("kind")) {
      this.next();
      this.expectPunct("=");
      const k = this.name().toLowerCase();
      if (k !== "innerunique" && k !== "inner" && k !== "leftouter") throw unsupported(`join kind=${k}`);
      kind = k;
    }
    if (this.isWord("hint.strategy") || (this.peek().kind === "word" && /^hint/i.test((this.peek() as { text: string }).text))) throw unsupported("join hints");
    this.expectPunct("(");
    const right = this.query(true);
    this.expectPunct(")");
    this.expectWord("on");
    // `on id` or `on $left.a == $right.b`
    if (this.isWord("$left")) {
      this.next();
      this.expectPunct(".");
      const left = this.name();
      this.expectPunct("==");
      this.expectWord("$right");
      this.expectPunct(".");
      const rightKey = this.name();
      if (this.isPunct(",")) throw unsupported("join on several keys");
      return { op: "join", kind, right, left, rightKey };
    }
    const key = this.name();
    if (this.isPunct(",")) throw unsupported("join on several keys");
    return { op: "join", kind, right, left: key, rightKey: key };
  }

  private assignments(): Assignment[] {
    const out = [this.assignment()];
    while (this.isPunct(",")) {
      this.next();
      out.push(this.assignment());
    }
    return out;
  }

  private assignment(): Assignment {
    if (this.peek().kind === "word" && this.isPunct("=", this.peek(1))) {
      const name = this.name();
      this.next();
      return { name, expr: this.expr() };
    }
    return { name: null, expr: this.expr() };
  }

  expr(): Expr {
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord("or")) {
      this.next();
      left = { kind: "binary", op: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.comparison();
    while (this.isWord("and")) {
      this.next();
      left = { kind: "binary", op: "and", left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Expr {
    const left = this.additive();
    const t = this.peek();
    if (t.kind === "punct" && ["==", "!=", "=~", "!~", "<", "<=", ">", ">="].includes(t.text)) {
      this.next();
      return { kind: "binary", op: t.text, left, right: this.additive() };
    }
    if (t.kind === "word") {
      const w = t.text.toLowerCase();
      if (STRING_OPS.has(w)) {
        this.next();
        return { kind: "binary", op: w, left, right: this.additive() };
      }
      if (w === "in" || w === "!in" || w === "in~" || w === "!in~") {
        this.next();
        this.expectPunct("(");
        const list: Expr[] = [];
        if (!this.isPunct(")")) {
          list.push(this.expr());
          while (this.isPunct(",")) (this.next(), list.push(this.expr()));
        }
        this.expectPunct(")");
        return { kind: "in", op: w, left, list };
      }
      if (/^!?(has_any|has_all|matches|between|hasprefix|hassuffix|has_cs|startswith_cs|endswith_cs|in_cs|contains_cs)$/.test(w) || (w.startsWith("!") && !STRING_OPS.has(w))) throw unsupported(t.text);
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isPunct("+") || this.isPunct("-")) {
      const op = (this.next() as { text: string }).text;
      left = { kind: "binary", op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isPunct("*") || this.isPunct("/") || this.isPunct("%")) {
      const op = (this.next() as { text: string }).text;
      left = { kind: "binary", op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isPunct("-")) {
      this.next();
      return { kind: "negate", of: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(expr: Expr): Expr {
    for (;;) {
      if (this.isPunct(".")) {
        this.next();
        const key = this.name();
        expr = { kind: "member", of: expr, key: { kind: "literal", value: key } };
      } else if (this.isPunct("[")) {
        this.next();
        const key = this.expr();
        this.expectPunct("]");
        expr = { kind: "member", of: expr, key };
      } else return expr;
    }
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === "string") return { kind: "literal", value: t.value };
    if (t.kind === "number") return { kind: "literal", value: t.value };
    if (t.kind === "punct" && t.text === "(") {
      const e = this.expr();
      this.expectPunct(")");
      return e;
    }
    if (t.kind === "word") {
      const w = t.text;
      const lw = w.toLowerCase();
      if (lw === "true" || lw === "false") return { kind: "literal", value: lw === "true" };
      if (lw === "null") return { kind: "literal", value: null };
      if (this.isPunct("(")) {
        this.next();
        const args: Expr[] = [];
        if (lw === "count" && this.isPunct(")")) {
          this.next();
          return { kind: "call", name: "count", args };
        }
        if (lw === "dynamic") return { kind: "literal", value: this.dynamicLiteral() };
        if (!this.isPunct(")")) {
          args.push(this.expr());
          while (this.isPunct(",")) (this.next(), args.push(this.expr()));
        }
        this.expectPunct(")");
        return { kind: "call", name: lw, args };
      }
      return { kind: "column", name: w };
    }
    if (t.kind === "punct" && t.text === "[") {
      // ['column name']
      const s = this.next();
      if (s.kind !== "string") throw new KqlError("InvalidQuery", `Expected a quoted column name at position ${s.at}.`);
      this.expectPunct("]");
      return { kind: "column", name: s.value };
    }
    throw new KqlError("InvalidQuery", `Unexpected '${t.kind === "punct" ? t.text : t.kind}' at position ${t.at}.`);
  }

  /** dynamic([...]) / dynamic({...}) / dynamic(null): JSON-like, read token by token. */
  private dynamicLiteral(): unknown {
    const start = this.i;
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.kind === "end") throw new KqlError("InvalidQuery", "dynamic( is not closed.");
      if (this.isPunct("(", t)) depth++;
      if (this.isPunct(")", t)) depth--;
    }
    const text = this.tokens
      .slice(start, this.i - 1)
      .map((t) => (t.kind === "string" ? JSON.stringify(t.value) : t.kind === "number" ? String(t.value) : t.kind === "word" || t.kind === "punct" ? t.text : ""))
      .join("");
    try {
      return JSON.parse(text.replace(/([{,])\s*([A-Za-z_][A-Za-z0-9_]*)\s*:/g, '$1"$2":'));
    } catch {
      throw new KqlError("InvalidQuery", `dynamic(${text}) is not a literal the emulator can read.`);
    }
  }
}

/** The name a column gets from its expression when none is given (KQL: the column, or its path joined by '_': properties_provisioningState, tags_owner). */
export function implicitName(expr: Expr): string | null {
  if (expr.kind === "column") return expr.name;
  if (expr.kind === "member" && expr.key.kind === "literal" && (typeof expr.key.value === "string" || typeof expr.key.value === "number")) {
    const base = implicitName(expr.of);
    return base === null ? null : `${base}_${expr.key.value}`;
  }
  return null;
}

export function parseQuery(text: string): Query {
  if (!text.trim()) throw new KqlError("InvalidQuery", "The query is empty.");
  return new Parser(tokenize(text)).query();
}
