// Tokens of the KQL subset the emulator's Resource Graph understands. Words
// keep their dashes and tildes (mv-expand, project-away, in~, !has) so the
// parser can name exactly the operator it refuses.
import { KqlError } from "./errors.js";

export type Token =
  | { kind: "word"; text: string; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "number"; value: number; at: number }
  | { kind: "punct"; text: string; at: number }
  | { kind: "end"; at: number };

const PUNCT = ["==", "!=", "=~", "!~", "<=", ">=", "|", "(", ")", "[", "]", ",", ".", "=", "<", ">", "+", "-", "*", "/", "%", ":", ";"];

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    const at = i;
    if (c === "'" || c === '"' || ((c === "@" || c === "h" || c === "H") && (text[i + 1] === "'" || text[i + 1] === '"'))) {
      const verbatim = c === "@";
      if (c !== "'" && c !== '"') i++;
      const quote = text[i]!;
      i++;
      let value = "";
      while (i < text.length && text[i] !== quote) {
        if (!verbatim && text[i] === "\\" && i + 1 < text.length) {
          const e = text[i + 1]!;
          value += e === "n" ? "\n" : e === "t" ? "\t" : e;
          i += 2;
        } else value += text[i++];
      }
      if (i >= text.length) throw new KqlError("InvalidQuery", `The string starting at position ${at} is not closed.`);
      i++;
      out.push({ kind: "string", value, at });
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i))!;
      i += m[0].length;
      out.push({ kind: "number", value: Number(m[0]), at });
      continue;
    }
    // A word; a leading '!' binds to string operators (!has, !contains, !in~...), a '$' to $left/$right.
    const word = /^(!?[A-Za-z_$][A-Za-z0-9_]*(-[A-Za-z_][A-Za-z0-9_]*)*~?)/.exec(text.slice(i));
    if (word && (c !== "!" || /^!(has|contains|startswith|endswith|in|between|has_cs|contains_cs)/i.test(word[1]!))) {
      // A dash only continues a word for KQL's dashed operator names; `a-b` stays arithmetic elsewhere.
      let w = word[1]!;
      if (w.includes("-") && !/^(mv-expand|mv-apply|project-away|project-keep|project-rename|project-reorder|make-series|top-nested|top-hitters|order-by)/i.test(w)) w = w.split("-")[0]!;
      i += w.length;
      out.push({ kind: "word", text: w, at });
      continue;
    }
    const p = PUNCT.find((x) => text.startsWith(x, i));
    if (!p) throw new KqlError("InvalidQuery", `Unexpected character '${c}' at position ${i}.`);
    i += p.length;
    out.push({ kind: "punct", text: p, at });
  }
  out.push({ kind: "end", at: text.length });
  return out;
}
