// What Bowtie last wrote as an NVA's day-0 configuration, readable back.
// Azure never returns a VM's customData on GET, yet a changed day-0 config
// means the VM must be replaced (Azure refuses to change customData in place).
// So the planner tags each NVA VM with the SHA-256 of its rendered config
// with placeholders unfilled: deterministic (same spec, same hash, no clock),
// and free of secrets (the PSK and Route Server addresses are still
// `{{...}}` placeholders when hashed), so a plain tag may carry it. What-if
// and drift compare it like any other desired property.
import { createHash } from "node:crypto";

/** Tag on each NVA VM: sha256 (hex) of its day-0 config, placeholders unfilled. */
export const CONFIG_HASH_TAG = "bowtie-config-sha256";

export function configHash(config: string): string {
  return createHash("sha256").update(config, "utf8").digest("hex");
}
