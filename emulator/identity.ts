// Who is calling. The emulator accepts any bearer token but reads its claims
// (a JWT's middle part) so Event Grid events name the caller, as Azure's do:
// remediation must tell Bowtie's own writes from a person's.
import type { AccessToken, TokenCredential } from "@azure/core-auth";

export interface Principal {
  oid: string;
  appid?: string;
  upn?: string;
  name: string;
}

export const BOWTIE_PRINCIPAL: Principal = { oid: "b0b0b0b0-0000-4000-8000-00000000b0b0", appid: "b0b0b0b0-0000-4000-8000-0000000000ap", name: "bowtie" };
export const HUMAN_PRINCIPAL: Principal = { oid: "0a0a0a0a-1111-4111-8111-000000000a0a", upn: "engineer@contoso.example", name: "engineer" };

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

/** A credential whose (unsigned) tokens carry the principal's claims. */
export function staticCredential(principal: Principal = BOWTIE_PRINCIPAL): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      const token = `${b64({ alg: "none", typ: "JWT" })}.${b64({ ...principal, tid: "00000000-0000-4000-8000-00000000ten0" })}.emulator`;
      return { token, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}

export function principalOf(authorization: string | undefined): Principal | null {
  const token = authorization?.replace(/^Bearer\s+/i, "");
  const payload = token?.split(".")[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Principal;
    return claims.oid ? claims : null;
  } catch {
    return null;
  }
}
