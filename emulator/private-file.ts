// The emulator's --state file holds Key Vault secrets (PSKs, admin passwords)
// and the VMs' customData: readable by its owner only. Written to a fresh
// temporary file made 0600 before any content goes in, then renamed over the
// old one, so neither a umask nor an older world-readable file leaves the
// secrets open, and a crash mid-write leaves the previous state whole.
import { chmodSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;

export function writePrivateFile(path: string, data: string): void {
  // A folder made here is the owner's only too (an existing one is left as the user made it).
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, "", { mode: PRIVATE_FILE_MODE });
  // mode applies only when the file is created, and through the umask: set it outright.
  chmodSync(temporary, PRIVATE_FILE_MODE);
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}
