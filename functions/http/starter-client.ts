// The durable client's narrow shape lives in shared/ (activities need it too); re-exported for the HTTP layer.
export { isActive, statusOrNull, type StarterClient } from "../../shared/durable/starter-client.js";
