// A topology spec as text (an HTTP body, a file), turned into JSON data
// within fixed bounds. The API and the CLI read specs through this one
// function, so both refuse the same things in the same words. JSON.parse
// itself does not recurse (V8 parses iteratively), and validateSpec checks
// the nesting depth before anything recursive runs.

/**
 * The largest spec accepted: 256 KiB. The reference lab is about 2 KB and
 * the largest spec the limits allow (64 NVAs, a few hundred subnets) stays
 * well under 64 KiB, so this leaves room while bounding every later step.
 */
export const MAX_SPEC_BYTES = 256 * 1024;

export type SpecText = { ok: true; value: unknown } | { ok: false; rule: string };

/** The refusal of an oversized spec; `bytes` is its size when known (a stream is abandoned at the limit, unmeasured). */
export const tooLargeRule = (what: string, bytes?: number) =>
  `${what} is ${bytes === undefined ? "larger than 256 KiB" : `${bytes} bytes`}; a topology spec may be at most ${MAX_SPEC_BYTES} bytes (256 KiB)`;

/** Decodes UTF-8 (refusing invalid bytes) and parses JSON; `what` names the source in messages ("the request body", "spec.json"). */
export function parseSpecBytes(bytes: Uint8Array, what: string): SpecText {
  if (bytes.byteLength > MAX_SPEC_BYTES) return { ok: false, rule: tooLargeRule(what, bytes.byteLength) };
  let text: string;
  try {
    // A BOM is skipped; any other invalid UTF-8 is refused rather than read as U+FFFD.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, rule: `${what} must be UTF-8 text (JSON); it holds bytes that are not valid UTF-8` };
  }
  if (text.trim() === "") return { ok: false, rule: `${what} is empty: it must be the topology spec as JSON` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, rule: `${what} must be JSON: ${(e as Error).message}` };
  }
}
