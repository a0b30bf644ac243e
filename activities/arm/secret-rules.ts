// What a Key Vault value must look like before Bowtie passes it on. Checked
// where the value is fetched (readSecret), so no path can skip it. A failure
// names the secret and the rule, never the value, and is permanent: the
// value will not change by retrying.
import type { SecretUse } from "../../shared/plan/placeholder-slots.js";

/** Thrown for a Key Vault value that breaks its rules; its message holds no part of the value. */
export class SecretValueError extends Error {
  readonly code = "InvalidSecretValue";
  constructor(secretName: string, use: SecretUse, rule: string) {
    super(`Key Vault secret ${secretName} cannot be used as ${use === "psk" ? "a connection PSK" : "the NVA admin password"}: ${rule}. Set a new value in Key Vault and deploy again.`);
    this.name = "SecretValueError";
  }
}

// Azure: a connection's shared key is 1-128 characters (Microsoft Learn,
// ConnectionResetSharedKey keyLength 1..128; the classic Set Virtual Network
// Gateway Shared Key API: "up to 128 characters long").
export const PSK_MAX_LENGTH = 128;

// IOS XE: the key is written `pre-shared-key 0 <key>` into the day-0 config
// (NVA-FACTS F4). A line break would start a new command (an injected
// `username ... privilege 15`), a space or tab splits the key, `?` calls up
// CLI help instead of being read, and the config is ASCII. So: printable
// ASCII without space or '?'. Azure takes that alphabet too.
const PSK_CHARS = /^[\x21-\x3e\x40-\x7e]*$/;

function pskProblem(value: string): string | null {
  if (value.length === 0) return "it is empty";
  if (value.length > PSK_MAX_LENGTH) return `it is longer than ${PSK_MAX_LENGTH} characters, the most Azure allows`;
  if (/[\r\n]/.test(value)) return "it contains a line break, which would end the IOS XE keyring line and start a new command";
  if (/[\x00-\x1f\x7f]/.test(value)) return "it contains a control character";
  if (/\s/.test(value)) return "it contains a space, which IOS XE would read as the end of the key";
  if (value.includes("?")) return "it contains '?', which IOS XE reads as a request for help, not as part of the key";
  if (!PSK_CHARS.test(value)) return "it contains a character outside printable ASCII";
  return null;
}

// Azure: a Linux VM's adminPassword is 6-72 characters, meets 3 of 4
// (lower case, upper case, digit, special character [\W_]) and is none of a
// short list (Microsoft Learn, Compute OSProfile.adminPassword).
export const ADMIN_PASSWORD_LENGTH = { min: 6, max: 72 };
const DISALLOWED_PASSWORDS = ["abc@123", "P@$$w0rd", "P@ssw0rd", "P@ssword123", "Pa$$word", "pass@word1", "Password!", "Password1", "Password22", "iloveyou!"];

function adminPasswordProblem(value: string): string | null {
  const { min, max } = ADMIN_PASSWORD_LENGTH;
  if (value.length < min || value.length > max) return `it must have ${min}-${max} characters (Azure, Linux VM)`;
  if (/[\x00-\x1f\x7f]/.test(value)) return "it contains a control character";
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[\W_]/].filter((c) => c.test(value)).length;
  if (classes < 3) return "it must contain 3 of: a lower-case letter, an upper-case letter, a digit, a special character (Azure's complexity rule)";
  if (DISALLOWED_PASSWORDS.includes(value)) return "it is one of the passwords Azure disallows";
  return null;
}

/** Throws SecretValueError when the value breaks the rules of its use. */
export function checkSecretValue(secretName: string, use: SecretUse, value: string): void {
  const problem = use === "psk" ? pskProblem(value) : adminPasswordProblem(value);
  if (problem) throw new SecretValueError(secretName, use, problem);
}
