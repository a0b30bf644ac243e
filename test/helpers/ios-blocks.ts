// A deliberately small reader for the renderer's tests: splits an IOS config
// into top-level blocks (a line at column 0 and the indented lines under it),
// so tests can ask "what does interface Tunnel101 say".
export interface Block {
  head: string;
  body: string[];
}

export function iosSection(day0: string): string {
  const start = day0.indexOf("Section: IOS configuration");
  const end = day0.indexOf("Section: License");
  if (start < 0 || end < 0) throw new Error("not a c8000v day-0 file");
  return day0.slice(start + "Section: IOS configuration".length, end);
}

export function blocks(config: string): Block[] {
  const out: Block[] = [];
  for (const raw of config.split("\n")) {
    if (raw.trim() === "" || raw.trim() === "!") continue;
    if (!raw.startsWith(" ")) out.push({ head: raw.trim(), body: [] });
    else out.at(-1)?.body.push(raw.trim());
  }
  return out;
}

export function block(config: string, head: string): Block {
  const b = blocks(config).find((x) => x.head === head);
  if (!b) throw new Error(`no block "${head}"`);
  return b;
}

export function topLines(config: string, prefix: string): string[] {
  return blocks(config).filter((b) => b.head.startsWith(prefix)).map((b) => b.head);
}
