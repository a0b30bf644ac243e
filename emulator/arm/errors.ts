// ARM's error body: {"error":{"code","message"}} (ARM-FACTS §3.1).
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** The property the error is about, as ARM names it in `error.target`. */
    readonly target?: string,
  ) {
    super(message);
  }

  body() {
    return { error: { code: this.code, message: this.message, ...(this.target ? { target: this.target } : {}) } };
  }
}

export const notFound = (type: string, name: string, rg: string) =>
  new ArmError(404, "ResourceNotFound", `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);

export const badRequest = (code: string, message: string) => new ArmError(400, code, message);

export const anotherOperation = (id: string) =>
  new ArmError(409, "AnotherOperationInProgress", `Another operation on this or dependent resource is in progress. Resource: ${id}`);

/** A write that changes a property Azure fixes at creation (a VM's osProfile.customData, ARM-FACTS §1.9). */
export const propertyChangeNotAllowed = (property: string) =>
  new ArmError(409, "PropertyChangeNotAllowed", `Changing property '${property}' is not allowed.`, {}, property);
