// A strict companion to ajv: swagger schemas allow any extra key (no
// additionalProperties: false), so a misspelt property would pass ajv and be
// silently ignored by ARM. This walker fails on every body key the resolved
// schema does not declare (own properties plus everything reachable through
// allOf), and on every key marked readOnly (ARM owns those; sending one is
// at best ignored and at worst rejected).
type Schema = Record<string, any>;

export interface WalkReport {
  errors: string[];
  /** Body keys matched to a declared, writable property. */
  checkedKeys: number;
  /** Paths where the schema was permissive (unsaved file), so nothing below was checked. */
  permissivePaths: string[];
}

function isPermissive(s: Schema): boolean {
  return !s.$ref && !s.type && !s.properties && !s.allOf && !s.items && !s.additionalProperties && !s.enum;
}

export function walkBody(body: unknown, root: Schema): WalkReport {
  const defs: Record<string, Schema> = root.definitions ?? {};
  const report: WalkReport = { errors: [], checkedKeys: 0, permissivePaths: [] };

  const deref = (s: Schema): Schema => {
    let cur = s;
    for (let hops = 0; cur.$ref; hops++) {
      if (hops > 50) throw new Error(`$ref loop at ${s.$ref}`);
      const key = String(cur.$ref).replace("#/definitions/", "");
      // Sibling keywords next to $ref (readOnly, description) are kept on top.
      const { $ref: _drop, ...siblings } = cur;
      cur = { ...(defs[key] ?? {}), ...siblings };
    }
    return cur;
  };

  /** Declared properties of an object schema, following allOf; null when some branch is permissive. */
  const declared = (s: Schema, seen = new Set<Schema>()): { props: Record<string, Schema>; open: boolean } => {
    const d = deref(s);
    if (seen.has(d)) return { props: {}, open: false };
    seen.add(d);
    let props: Record<string, Schema> = { ...(d.properties ?? {}) };
    let open = false;
    for (const branch of d.allOf ?? []) {
      const b = deref(branch);
      if (isPermissive(b)) open = true;
      const inner = declared(b, seen);
      props = { ...inner.props, ...props };
      open ||= inner.open;
    }
    return { props, open };
  };

  const walk = (value: unknown, schema: Schema, path: string): void => {
    const s = deref(schema);
    if (isPermissive(s)) {
      report.permissivePaths.push(path);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, s.items ?? {}, `${path}[${i}]`));
      return;
    }
    if (!value || typeof value !== "object") return;
    const { props, open } = declared(s);
    for (const [key, v] of Object.entries(value)) {
      const p = `${path}.${key}`;
      const prop = props[key];
      if (prop) {
        if (prop.readOnly || deref(prop).readOnly) report.errors.push(`${p}: readOnly, must not be sent`);
        else report.checkedKeys++;
        walk(v, prop, p);
      } else if (s.additionalProperties && typeof s.additionalProperties === "object") {
        walk(v, s.additionalProperties, p);
      } else if (open || s.additionalProperties === true) {
        report.permissivePaths.push(p);
      } else {
        report.errors.push(`${p}: not declared in the schema`);
      }
    }
  };

  walk(body, root, "body");
  return report;
}
