// A Bicep resource body checked against the SDK model of its PUT body
// (arm-models.ts): every key the Bicep writes must be a property Azure knows
// at that place, not read-only; literal values must fit booleans, numbers and
// enums; nested objects, arrays and polymorphic types (by their
// discriminator) are followed. Expressions (parameters, function calls,
// interpolations) are values the reader cannot know, so only their place is
// checked.
import { arrayElements, objectEntries, stringLiteral, type Declaration } from "./bicep-reader.js";
import { MODEL_BY_NAME, MODEL_OF, modelsOf, type Mapper, type Models } from "./arm-models.js";

/** Bicep's own keys on a resource body: not part of the wire body. */
const BICEP_ONLY = new Set(["name", "parent", "scope", "dependsOn"]);

type Tree = Map<string, Tree | Mapper>;
const isTree = (x: Tree | Mapper): x is Tree => x instanceof Map;

/** A model's properties as a tree of wire keys (`properties.a.b` flattening undone). */
function wireTree(models: Models, mapper: Mapper): Tree {
  const tree: Tree = new Map();
  for (const prop of Object.values(mapper.type.modelProperties ?? {})) {
    if (!prop.serializedName) continue;
    const path = prop.serializedName.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, "."));
    let at = tree;
    for (const key of path.slice(0, -1)) {
      let next = at.get(key);
      if (!next || !isTree(next)) at.set(key, (next = new Map()));
      at = next;
    }
    at.set(path[path.length - 1]!, prop);
  }
  return tree;
}

/** The concrete model of a composite value: follows a polymorphic base to the subtype its discriminator names. */
function concrete(models: Models, className: string, entries: Map<string, string>): Mapper {
  const base = models.mappers[className];
  if (!base) throw new Error(`${models.sdk} has no model ${className}`);
  // The wire name, unescaped: Azure Monitor's discriminators are `odata\.type` in the mappers.
  const discriminator = base.type.polymorphicDiscriminator?.serializedName.replace(/\\\./g, ".");
  if (!discriminator) return base;
  const value = stringLiteral(entries.get(discriminator) ?? "");
  const sub = value === null ? undefined : models.discriminators[`${base.type.uberParent ?? className}.${value}`];
  return sub ?? base;
}

function checkValue(models: Models, mapper: Mapper, raw: string, path: string, problems: string[]): void {
  if (mapper.readOnly) problems.push(`${path}: read-only in Azure's model`);
  const literal = stringLiteral(raw);
  switch (mapper.type.name) {
    case "Composite":
      if (raw.startsWith("{")) checkObject(models, mapper.type.className!, objectEntries(raw), path, problems);
      break;
    case "Sequence":
      if (raw.startsWith("[") && mapper.type.element) for (const [i, e] of arrayElements(raw).entries()) checkValue(models, mapper.type.element, e, `${path}[${i}]`, problems);
      break;
    case "Dictionary":
      if (raw.startsWith("{") && mapper.type.value?.type.name === "Composite") for (const [k, v] of objectEntries(raw)) checkValue(models, mapper.type.value, v, `${path}.${k}`, problems);
      break;
    case "Boolean":
    case "Number":
      if (literal !== null) problems.push(`${path}: a ${mapper.type.name.toLowerCase()} in Azure's model, given the string '${literal}'`);
      break;
    case "Enum":
      if (literal !== null && !mapper.type.allowedValues!.some((v) => v.toLowerCase() === literal.toLowerCase())) {
        problems.push(`${path}: '${literal}' is not one of ${mapper.type.allowedValues!.join(", ")}`);
      }
      break;
  }
}

function checkEntries(models: Models, tree: Tree, entries: Map<string, string>, path: string, problems: string[], where: string): void {
  for (const [key, raw] of entries) {
    const at = path ? `${path}.${key}` : key;
    const node = tree.get(key);
    if (!node) problems.push(`${at}: not a property of ${where}`);
    else if (isTree(node)) {
      if (raw.startsWith("{")) checkEntries(models, node, objectEntries(raw), at, problems, where);
    } else checkValue(models, node, raw, at, problems);
  }
}

function checkObject(models: Models, className: string, entries: Map<string, string>, path: string, problems: string[]): void {
  const mapper = concrete(models, className, entries);
  checkEntries(models, wireTree(models, mapper), entries, path, problems, mapper.type.className ?? className);
}

/** Every problem of one declared resource against its model; throws for a type with no model (add it to MODEL_OF). */
export async function checkResource(d: Declaration): Promise<string[]> {
  const type = d.type.split("@")[0]!;
  const model = MODEL_OF[type];
  if (!model) throw new Error(`${d.symbol}: no Azure model registered for ${type} (test/infra/arm-models.ts MODEL_OF)`);
  const [sdk, typeModel] = model;
  const byName = MODEL_BY_NAME[type];
  const childName = stringLiteral(d.body.get("name") ?? "") ?? "";
  const className = byName ? byName[childName] : typeModel;
  if (!className) throw new Error(`${d.symbol}: no Azure model registered for ${type} named '${childName}' (test/infra/arm-models.ts MODEL_BY_NAME)`);
  const models = await modelsOf(sdk);
  const problems: string[] = [];
  const body = new Map([...d.body].filter(([k]) => !BICEP_ONLY.has(k)));
  checkObject(models, className, body, d.symbol, problems);
  return problems;
}
