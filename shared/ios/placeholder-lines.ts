// Where the NVA's day-0 config may hold a placeholder: at the address or key
// position of the few commands the renderer writes them into, one per line.
// The apply step checks every line against these rules before it fills the
// config (activities/arm/fill-placeholders.ts), so a secret can only ever
// land as the key of a keyring `pre-shared-key 0` line, never in a
// description, a hostname or a line of its own. The config is built from
// validated names and numbers, so a mismatch means a forged or broken plan.
import { findPlaceholders, type PlaceholderKind } from "../plan/placeholders.js";

const PUBLIC_IP_COMMANDS = ["address", "match identity remote address", "identity local address", "tunnel destination"];

/** Per kind, the whole line a placeholder of that kind may stand in (null: never in the config). */
const LINE_RULES: Record<PlaceholderKind, { line: RegExp; says: string } | null> = {
  // `0`: the key that follows is plain text (NVA-FACTS F4); without it a key
  // starting with "6 " or "0 " would be read as a key type.
  secret: { line: /^ {2}pre-shared-key 0 \{\{secret:[^{}]+\}\}$/, says: "a secret is only the key of a keyring `pre-shared-key 0` line" },
  publicIp: {
    line: new RegExp(`^ *(?:${PUBLIC_IP_COMMANDS.join("|")}) \\{\\{publicIp:[^{}]+\\}\\}(?: 255\\.255\\.255\\.255)?$`),
    says: `a public IP stands only after ${PUBLIC_IP_COMMANDS.map((c) => `\`${c}\``).join(", ")}`,
  },
  routeServerIp: { line: /^ *neighbor \{\{routeServerIp:[01]\}\}(?: [^{}]*)?$/, says: "a Route Server IP stands only after `neighbor`" },
  subscriptionId: null,
  customData: null,
};

export interface ConfigPlaceholderViolation {
  /** 1-based line number in the config. */
  line: number;
  placeholder: string;
  rule: string;
}

/** Every placeholder of a day-0 config that stands where the renderer never puts one. Empty: safe to fill. */
export function configPlaceholderViolations(config: string): ConfigPlaceholderViolation[] {
  const out: ConfigPlaceholderViolation[] = [];
  config.split("\n").forEach((text, i) => {
    const found = findPlaceholders(text);
    for (const p of found) {
      const rule = LINE_RULES[p.kind];
      const bad = (why: string) => out.push({ line: i + 1, placeholder: p.text, rule: why });
      if (!rule) bad(`a ${p.kind} placeholder never stands in the day-0 config`);
      else if (found.length > 1) bad("a config line holds at most one placeholder");
      else if (!rule.line.test(text)) bad(rule.says);
    }
  });
  return out;
}

/** The keyring line that carries the PSK, in the one form the rules above accept. */
export function pskLine(secretPlaceholder: string): string {
  return `  pre-shared-key 0 ${secretPlaceholder}`;
}
