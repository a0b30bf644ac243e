// Finds secrets, keys and tokens in text a client received: the values the
// test knows are secret (the emulator vault's PSKs and passwords, Azurite's
// account key) in any common encoding, and the shapes a credential has
// whatever its value (a JWT, a PEM private key, a storage key or SAS, a
// function key in a URL, a bearer token, a JSON field named like a secret
// holding a value). A placeholder such as {{secret:vpn-psk}} or a secret's
// NAME is not a secret: plans and specs carry those on purpose.
export interface Place {
  where: string;
  text: string;
}

export interface SecretFinding {
  where: string;
  what: string;
  excerpt: string;
}

/** Azurite's published development account key: public, but still a key no page should carry. */
export const AZURITE_ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

const SHAPES: Array<[string, RegExp]> = [
  ["a JWT", /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/],
  ["a PEM private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["a storage account key", /AccountKey=[^;"'\s]+/i],
  ["a shared access signature", /SharedAccessSignature=|[?&]sig=[A-Za-z0-9%+/=]{10,}/],
  ["a function key in a URL", /[?&]code=[^&\s"'<>]{8,}/],
  ["a bearer token", /Bearer\s+[A-Za-z0-9._~+/=-]{16,}/],
  ["a pre-shared key in a device config", /pre-shared-key\s+(?:address\s+\S+\s+key\s+)?0\s+(?!\{\{secret:)\S+/],
  ["a secret-named JSON field with a value", /"(?:sharedKey|adminPassword|password|secret|clientSecret|token|accessToken|apiKey|accessKey|functionKey|masterKey)"\s*:\s*"(?!\{\{secret:)[^"]+"/i],
];

/** The forms a known secret value can take on the wire: as is, URL-encoded, base64 and base64url. */
function forms(value: string): string[] {
  const b64 = Buffer.from(value).toString("base64");
  return [...new Set([value, encodeURIComponent(value), b64, b64.replace(/=+$/, ""), Buffer.from(value).toString("base64url")])];
}

export function findSecrets(places: Place[], knownSecrets: string[]): SecretFinding[] {
  const found: SecretFinding[] = [];
  const excerpt = (text: string, at: number) => text.slice(Math.max(0, at - 40), at + 60).replace(/\s+/g, " ");
  const known = [...knownSecrets, AZURITE_ACCOUNT_KEY].filter((s) => s.length >= 8);
  for (const { where, text } of places) {
    for (const secret of known) {
      for (const form of forms(secret)) {
        const at = text.indexOf(form);
        // The excerpt hides the value itself: a test report is one more place it must not reach.
        if (at < 0) continue;
        found.push({ where, what: "a known secret value", excerpt: excerpt(text, at).replace(form, "«secret»") });
        break;
      }
    }
    for (const [what, shape] of SHAPES) {
      const m = shape.exec(text);
      if (m) found.push({ where, what, excerpt: excerpt(text, m.index) });
    }
  }
  return found;
}
