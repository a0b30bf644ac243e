// The first line of an error's message: what an orchestration records and
// logs as a reason (durable-functions folds the stack into later lines).
export const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
