// The parts of a planned resource id the SDK methods take as arguments.
export interface ResourceIdParts {
  subscriptionId: string;
  resourceGroup: string;
  /** Top-level resource name (the hub for hub children). */
  name: string;
  /** Child name, for virtualHubs/ipConfigurations and virtualHubs/bgpConnections. */
  childName?: string;
}

export function parseResourceId(id: string): ResourceIdParts {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/[^/]+\/([^/]+)(?:\/[^/]+\/([^/]+))?$/i.exec(id);
  if (!m) throw new Error(`not a resource id Bowtie plans: ${id}`);
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]!, ...(m[4] ? { childName: m[4] } : {}) };
}
