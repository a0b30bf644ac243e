// Azure's naming rules for the resource types Bowtie creates, as zod schemas.
// Source: learn.microsoft.com "Naming rules and restrictions for Azure
// resources" (Microsoft.Network, Microsoft.Compute, Microsoft.Resources,
// Microsoft.KeyVault). Each message says the rule, so a violation reads as
// "<path>: <rule> (got <value>)".
import { z } from "zod";

// Most Microsoft.Network names: 1-80 characters; alphanumerics, underscores,
// periods and hyphens; start with an alphanumeric; end with an alphanumeric or
// underscore.
function networkName(max: number, what: string) {
  return z
    .string()
    .min(1, `${what} must have 1-${max} characters`)
    .max(max, `${what} must have 1-${max} characters`)
    .regex(
      /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/,
      `${what} may contain letters, digits, '_', '.' and '-', must start with a letter or digit and end with a letter, digit or '_'`,
    );
}

export const armName = networkName(80, "an Azure network resource name");
export const childName = networkName(80, "a child resource name");
export const vnetName = networkName(64, "a virtual network name");
export const subnetName = networkName(80, "a subnet name");
export const publicIpName = networkName(80, "a public IP name");

// Resource groups: 1-90; alphanumerics, '_', '(', ')', '-', '.'; not ending in '.'.
export const resourceGroupName = z
  .string()
  .min(1, "a resource group name must have 1-90 characters")
  .max(90, "a resource group name must have 1-90 characters")
  .regex(/^[-\w.()]*[-\w()]$/, "a resource group name may contain letters, digits, '_', '(', ')', '-', '.' and must not end with '.'");

// The NVA name is both the VM name and the IOS XE hostname, so it follows the
// stricter of the two: letters, digits and hyphens (a hostname), starting with
// a letter, not ending with a hyphen, at most 63 characters (IOS hostname and
// the Linux computer name limit of 64).
export const nvaName = z
  .string()
  .regex(
    /^[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/,
    "an NVA name (VM name and IOS XE hostname) must be 1-63 letters, digits or '-', start with a letter and not end with '-'",
  );

// The deployment name becomes a tag value, a durable instance id and a Table
// Storage key, so it is kept to a portable alphabet.
export const deploymentName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/,
    "a deployment name must be 3-40 lower-case letters, digits or '-', start with a letter and end with a letter or digit",
  );

// Key Vault secret names: 1-127 alphanumerics and hyphens.
export const secretName = z
  .string()
  .regex(/^[0-9A-Za-z-]{1,127}$/, "a Key Vault secret name must be 1-127 letters, digits or '-'");

// Linux admin user names on Azure VMs: 1-64, no reserved names, no leading
// digit or hyphen. Cisco 8000v images take the same parameter.
const RESERVED_ADMIN_NAMES = ["admin", "administrator", "root", "user", "guest", "test", "sys", "support"];
export const adminUsername = z
  .string()
  .regex(/^[a-z_][a-z0-9_-]{0,63}$/, "an admin user name must be 1-64 lower-case letters, digits, '_' or '-', not starting with a digit or '-'")
  .refine((v) => !RESERVED_ADMIN_NAMES.includes(v), { message: `an admin user name must not be one Azure reserves (${RESERVED_ADMIN_NAMES.join(", ")})` });

// Tags: at most 50; names 1-512 characters without < > % & \ ? /; values at most 256.
export const tags = z
  .record(
    z.string().min(1).max(512).regex(/^[^<>%&\\?/]+$/, "a tag name must not contain < > % & \\ ? /"),
    z.string().max(256, "a tag value must have at most 256 characters"),
  )
  .refine((t) => Object.keys(t).length <= 50, { message: "at most 50 tags per resource" });
