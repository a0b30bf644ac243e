// ARM's error body: {"error":{"code","message"}} (ARM-FACTS §3.1).
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body() {
    return { error: { code: this.code, message: this.message } };
  }
}

export const notFound = (type: string, name: string, rg: string) =>
  new ArmError(404, "ResourceNotFound", `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);

export const badRequest = (code: string, message: string) => new ArmError(400, code, message);

export const anotherOperation = (id: string) =>
  new ArmError(409, "AnotherOperationInProgress", `Another operation on this or dependent resource is in progress. Resource: ${id}`);
