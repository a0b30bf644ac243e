// The redaction guard every telemetry line passes through: a field NAMED like
// a secret (sharedKey, psk, adminPassword, secretValue, connectionString,
// accountKey, token, customData — an NVA's day-0 config holds its keyring) is
// masked whatever it holds, and secret-looking text inside any string
// (AccountKey=…, SharedAccessKey=…, SAS sig=…, an IOS pre-shared-key line, a
// PEM private key, a bearer token) is masked in place. References are fine:
// a field whose name ends in Name/Id/Mode/Url (pskSecretName, vaultUrl) says
// WHERE a secret lives, never what it is, so it is kept.
//
// Masking (not throwing) because a log call must never break a deploy; the
// masked paths are listed in the line's `redacted` field so a leak that was
// stopped is still visible — and a test can tell that the guard fired.

export const MASK = "[REDACTED]";

const SECRET_NAME = /psk|password|passwd|pwd|sharedkey|secret|accountkey|accesskey|apikey|privatekey|connectionstring|token|credential|customdata|sas$/;
const REFERENCE_SUFFIX = /(name|names|id|ids|mode|url|uri|count)$/;

/** True for a field name that holds a secret rather than a reference to one. */
export function isSecretName(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  return SECRET_NAME.test(k) && !REFERENCE_SUFFIX.test(k);
}

/** Secret-looking text: [pattern, replacement] (the replacement keeps the label, masks the value). */
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/\b(AccountKey|SharedAccessKey|SharedAccessSignature|SharedSecretValue|ClientSecret|Password|Pwd)=[^;"'\s]*/gi, `$1=${MASK}`],
  [/([?&]sig=)[^&"'\s]+/gi, `$1${MASK}`],
  // IOS XE keyring: `pre-shared-key <psk>`, `pre-shared-key address A [M] key [0|6] <psk>`; a {{secret:name}} placeholder is a reference, kept.
  [/\b(pre-shared-key\s+(?:(?:address|local|remote|hostname)\s+\S+(?:\s+\S+)?\s+)?(?:key\s+)?(?:\d\s+)?)(?!\{\{secret:)[^\s"']+/gi, `$1${MASK}`],
  [/\b(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/g, `$1${MASK}`],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, MASK],
];

export function redactText(text: string): string {
  return SECRET_TEXT.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}

export interface Redacted<T> {
  value: T;
  /** Dotted paths of what was masked (empty when nothing was). */
  masked: string[];
}

const MAX_DEPTH = 8;

/** A copy of `value` with secrets masked; never mutates the input. */
export function redact<T>(value: T): Redacted<T> {
  const masked: string[] = [];
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (typeof v === "string") {
      const clean = redactText(v);
      if (clean !== v) masked.push(path || "$");
      return clean;
    }
    if (v === null || typeof v !== "object") return v;
    if (depth >= MAX_DEPTH) return "[truncated]";
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k;
      if (isSecretName(k) && x !== null && x !== undefined && x !== "") {
        out[k] = MASK;
        masked.push(at);
      } else {
        out[k] = walk(x, at, depth + 1);
      }
    }
    return out;
  };
  return { value: walk(value, "", 0) as T, masked };
}
