// Bowtie tags every resource it creates with bowtie-deployment=<spec name>
// (shared/plan/types.ts OWNERSHIP_TAG); teardown and remediation trust that
// tag, so a user may not set it. Azure tag names are case-insensitive
// (Microsoft Learn, "Use tags to organize your Azure resources"), so neither
// may any spelling of it.
import { ADOPTED_TAG, OWNERSHIP_TAG } from "../../plan/types.js";
import { CONFIG_HASH_TAG } from "../../plan/arm/config-hash.js";
import { jsonPath } from "../violations.js";
import type { Rule } from "../report.js";

export const ownershipTagReserved: Rule = (spec, r) => {
  for (const [key, value] of Object.entries(spec.tags)) {
    if (key.toLowerCase() === OWNERSHIP_TAG.toLowerCase()) {
      r.error(jsonPath(["tags", key]), `the tag ${OWNERSHIP_TAG} is reserved: Bowtie sets it to the deployment name to mark what it owns`, value);
    }
    if (key.toLowerCase() === ADOPTED_TAG.toLowerCase()) {
      r.error(jsonPath(["tags", key]), `the tag ${ADOPTED_TAG} is reserved: Bowtie sets it to the deployment name to mark what it adopted`, value);
    }
    if (key.toLowerCase() === CONFIG_HASH_TAG) {
      r.error(jsonPath(["tags", key]), `the tag ${CONFIG_HASH_TAG} is reserved: Bowtie sets it on each NVA VM to the hash of its day-0 configuration`, value);
    }
  }
};
