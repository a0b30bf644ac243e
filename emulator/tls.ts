// A self-signed certificate made at start, for 127.0.0.1 and localhost only.
// Clients trust it through the SDK's tlsOptions.ca (shared/azure/clients.ts).
import { generate } from "selfsigned";

export interface Certificate {
  key: string;
  cert: string;
}

export async function makeCertificate(): Promise<Certificate> {
  const pems = await generate([{ name: "commonName", value: "bowtie-emulator" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    ],
  } as Parameters<typeof generate>[1]);
  return { key: pems.private, cert: pems.cert };
}
