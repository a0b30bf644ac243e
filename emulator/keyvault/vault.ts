// One emulated Key Vault: secrets with versions, behind the challenge-based
// bearer flow the SDK performs (an unauthenticated request first, answered
// 401 with WWW-Authenticate; then the same request with a token for the
// vault's scope). Shapes per the Key Vault secrets spec (ARM-FACTS §6).
// Secret values are never logged.
import { randomUUID } from "node:crypto";

interface Version {
  version: string;
  value: string;
  created: number;
  contentType?: string;
  tags?: Record<string, string>;
}

export interface VaultResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const CHALLENGE = 'Bearer authorization="https://login.microsoftonline.com/00000000-0000-4000-8000-00000000ten0", resource="https://vault.azure.net"';
const error = (status: number, code: string, message: string): VaultResponse => ({
  status,
  headers: { "x-ms-error-code": code },
  body: { error: { code, message } },
});

export class EmulatedVault {
  private readonly secrets = new Map<string, Version[]>();

  constructor(
    readonly name: string,
    private readonly baseUrl: () => string,
    private readonly now: () => number,
  ) {}

  /** Seed a secret directly (the CLI and tests put the PSK here). */
  set(name: string, value: string): string {
    const v: Version = { version: randomUUID().replace(/-/g, ""), value, created: Math.floor(this.now() / 1000) };
    this.secrets.set(name.toLowerCase(), [...(this.secrets.get(name.toLowerCase()) ?? []), v]);
    return v.version;
  }

  private bundle(name: string, v: Version, withValue = true) {
    return {
      ...(withValue ? { value: v.value } : {}),
      id: `${this.baseUrl()}/secrets/${name}/${v.version}`,
      ...(v.contentType ? { contentType: v.contentType } : {}),
      ...(v.tags ? { tags: v.tags } : {}),
      attributes: { enabled: true, created: v.created, updated: v.created, recoveryLevel: "Recoverable+Purgeable" },
    };
  }

  handle(method: string, pathname: string, authorization: string | undefined, body: string): VaultResponse {
    if (!authorization?.startsWith("Bearer ")) return { status: 401, headers: { "WWW-Authenticate": CHALLENGE }, body: { error: { code: "Unauthorized", message: "AKV10000: Request is missing a Bearer or PoP token." } } };
    const [collection, name, version] = pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (collection !== "secrets" || !name) return error(404, "NotFound", `The path ${pathname} is not served by the emulated vault.`);
    if (!/^[0-9a-zA-Z-]{1,127}$/.test(name)) return error(400, "BadParameter", `The secret name '${name}' is invalid.`);
    const versions = this.secrets.get(name.toLowerCase()) ?? [];
    if (method === "PUT" && !version) {
      let parsed: { value?: unknown; contentType?: string; tags?: Record<string, string> };
      try {
        parsed = JSON.parse(body || "{}");
      } catch {
        return error(400, "BadParameter", "The request body is not valid JSON.");
      }
      if (typeof parsed.value !== "string") return error(400, "BadParameter", "The secret value must be a string.");
      this.set(name, parsed.value);
      const latest = this.secrets.get(name.toLowerCase())!.at(-1)!;
      latest.contentType = parsed.contentType;
      latest.tags = parsed.tags;
      return { status: 200, headers: {}, body: this.bundle(name, latest) };
    }
    if (method === "GET" && version === "versions") {
      return { status: 200, headers: {}, body: { value: versions.map((v) => this.bundle(name, v, false)), nextLink: null } };
    }
    if (method === "GET") {
      const v = version ? versions.find((x) => x.version === version) : versions.at(-1);
      if (!v) return error(404, "SecretNotFound", `A secret with (name/id) ${name}${version ? `/${version}` : ""} was not found in this key vault.`);
      return { status: 200, headers: {}, body: this.bundle(name, v) };
    }
    return error(405, "MethodNotAllowed", `${method} is not supported.`);
  }

  toJSON() {
    return Object.fromEntries(this.secrets);
  }

  load(state: Record<string, Version[]>): void {
    for (const [k, v] of Object.entries(state)) this.secrets.set(k, v);
  }
}
