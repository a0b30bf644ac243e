// A Catalyst 8000v on Azure reads its day-0 configuration from the VM's
// customData. The text is either plain IOS configuration or the c8000v
// bootstrap format, in which the IOS part follows a "Section: IOS
// configuration" header and other sections ("Section: License", "Section:
// Scripts", "Section: Python package", ...) carry other things.

const SECTION_HEADER = /^\s*Section:\s*(.+?)\s*$/i;

/** Decode VM customData (base64) to text; text that is not base64 is returned as is. */
export function decodeCustomData(customData: string): string {
  const compact = customData.replace(/\s+/g, "");
  if (compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    const decoded = Buffer.from(compact, "base64").toString("utf8");
    // Base64 of text decodes to printable characters; plain IOS text that
    // happens to look like base64 (a single word) would not.
    if (!/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(decoded)) return decoded;
  }
  return customData;
}

/** The IOS configuration inside a bootstrap file (every "IOS configuration" section, in order), or the whole text when it has no sections. */
export function extractIosConfiguration(text: string): string {
  const lines = text.split(/\r?\n/);
  if (!lines.some((l) => SECTION_HEADER.test(l))) return text;
  const kept: string[] = [];
  let inIos = false;
  for (const line of lines) {
    const header = SECTION_HEADER.exec(line);
    if (header) {
      inIos = /^IOS\s+config(uration)?$/i.test(header[1]!);
      continue;
    }
    if (inIos) kept.push(line);
  }
  return kept.join("\n");
}

/** VM customData -> the IOS configuration text the router applies at boot. */
export function iosConfigurationFromCustomData(customData: string): string {
  return extractIosConfiguration(decodeCustomData(customData));
}
