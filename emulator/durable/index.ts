export { LocalDurableHost, type ActivityHandler, type HostEvent, type HostOptions, type InstanceStatus, type RuntimeStatus } from "./host.js";
export { LocalDurableClient } from "./client.js";
