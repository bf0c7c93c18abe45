/**
 * zod's issues as the schema part of a ruleset's diagnostics: a fault inside a union is reported
 * at the field of the branch that got furthest, and a misspelt key gets a "did you mean" naming
 * the nearest key the object allows (read from the zod schema itself, so it cannot drift from
 * the format).
 * @module
 */
import type { z } from "zod";
import type { PathSegment } from "../base/diagnostic.js";
import { closestName } from "../base/suggest.js";

/** One schema problem: where and what. */
export interface SchemaProblem {
  readonly path: PathSegment[];
  readonly message: string;
}

interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
  readonly errors?: readonly (readonly ZodIssueLike[])[];
}

/**
 * The problems zod found in a document, each at the field that is wrong. An unrecognized key is
 * reported at its own path, with the nearest allowed key of its object when one is close (a key
 * the object lacks but requires is preferred; a key it already has is never suggested); a
 * required key reported missing names the sibling the schema does not allow there that looks
 * like its misspelling (also when zod reports no unknown key, as for a union's discriminator).
 * @param schema - The schema the document was parsed with.
 * @param json - The document.
 * @param issues - zod's issues.
 * @returns The problems, in zod's order.
 */
export function schemaProblems(schema: z.ZodType, json: unknown, issues: readonly ZodIssueLike[]): SchemaProblem[] {
  const flat = flattenUnions(issues, []);
  const out: SchemaProblem[] = [];
  for (const { issue, path } of flat) {
    if (issue.code === "unrecognized_keys") {
      const object = valueAt(json, path);
      const absent = allowedKeys(schema, json, path).filter((k) => !hasOwn(object, k));
      const missing = absent.filter((k) => requiredKeyMissing(flat, path, k));
      for (const key of issue.keys ?? []) {
        const near = closestName(key, [...missing, ...absent]);
        out.push({ path: [...path, key], message: `Unrecognized key: ${JSON.stringify(key)}${near === undefined ? "" : ` (did you mean ${JSON.stringify(near)}?)`}` });
      }
      continue;
    }
    const slip = misspeltAs(schema, json, path);
    out.push({ path, message: slip === undefined ? issue.message : `required key ${JSON.stringify(path.at(-1))} is missing; is ${JSON.stringify(slip)} a misspelling of it? (${issue.message})` });
  }
  return out;
}

// When `path` names a key its object lacks, the object's key (one the schema does not allow
// there) that looks like a misspelling of it.
function misspeltAs(schema: z.ZodType, json: unknown, path: readonly PathSegment[]): string | undefined {
  const key = path.at(-1);
  const parent = path.slice(0, -1);
  const object = valueAt(json, parent);
  if (typeof key !== "string" || object === null || typeof object !== "object" || Array.isArray(object) || hasOwn(object, key)) return undefined;
  const allowed = new Set(allowedKeys(schema, json, parent));
  return Object.keys(object).find((k) => !allowed.has(k) && closestName(k, [key]) !== undefined);
}

// A node of the indicator tree is a union (group or indicator), and zod reports any fault inside
// one as "Invalid input" at the node. Report instead the issues of the branch that got furthest
// into the document, so the path points at the field that is wrong.
function flattenUnions(issues: readonly ZodIssueLike[], prefix: readonly PathSegment[]): { issue: ZodIssueLike; path: PathSegment[] }[] {
  const out: { issue: ZodIssueLike; path: PathSegment[] }[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PathSegment[])];
    const branches = issue.code === "invalid_union" ? (issue.errors ?? []) : [];
    let best: readonly ZodIssueLike[] | undefined;
    let bestDepth = 0;
    for (const b of branches) {
      const depth = Math.max(0, ...b.map(issueDepth));
      if (depth > bestDepth || (depth === bestDepth && best !== undefined && b.length < best.length)) {
        best = b;
        bestDepth = depth;
      }
    }
    if (best !== undefined && bestDepth > 0) out.push(...flattenUnions(best, path));
    else out.push({ issue, path });
  }
  return out;
}

function issueDepth(issue: ZodIssueLike): number {
  const nested = issue.code === "invalid_union" ? Math.max(0, ...(issue.errors ?? []).flat().map(issueDepth)) : 0;
  return issue.path.length + nested;
}

function requiredKeyMissing(flat: readonly { issue: ZodIssueLike; path: PathSegment[] }[], at: readonly PathSegment[], key: string): boolean {
  const want = JSON.stringify([...at, key]);
  return flat.some(({ issue, path }) => issue.code !== "unrecognized_keys" && JSON.stringify(path) === want);
}

function hasOwn(value: unknown, key: string): boolean {
  return value !== null && typeof value === "object" && Object.hasOwn(value, key);
}

function valueAt(json: unknown, path: readonly PathSegment[]): unknown {
  let v = json;
  for (const seg of path) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

// --- The keys a schema allows at a path ---------------------------------------------------------

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
  readonly innerType?: z.ZodType;
  readonly getter?: () => z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly rest?: z.ZodType | null;
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
  readonly values?: readonly unknown[];
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The keys the object at `path` may have: the keys of every object schema the path can reach
 * (all options of a union, but only the matching one of a discriminated union whose
 * discriminator the document sets), in the schema's order, without repeats.
 * @param schema - The document's schema.
 * @param json - The document (to choose a discriminated union's option).
 * @param path - The object's path.
 * @returns The allowed keys (none when the path leads to no object schema).
 */
export function allowedKeys(schema: z.ZodType, json: unknown, path: readonly PathSegment[]): string[] {
  let here: z.ZodType[] = [schema];
  for (let i = 0; i <= path.length; i++) {
    const value = valueAt(json, path.slice(0, i));
    const objects = here.flatMap((s) => objectsOf(s, value, new Set()));
    if (i === path.length) return [...new Set(objects.flatMap((o) => Object.keys(defOf(o).shape ?? {})))];
    const seg = path[i]!;
    here = objects.flatMap((o) => step(o, seg));
  }
  return [];
}

// The object, array, record and tuple schemas `s` stands for, wrappers and unions opened.
function objectsOf(s: z.ZodType, value: unknown, seen: Set<z.ZodType>): z.ZodType[] {
  if (seen.has(s)) return [];
  seen.add(s);
  const d = defOf(s);
  switch (d.type) {
    case "object":
    case "array":
    case "record":
    case "tuple":
      return [s];
    case "union": {
      const options = d.options ?? [];
      const tag = d.discriminator !== undefined && hasOwn(value, d.discriminator) ? (value as Record<string, unknown>)[d.discriminator] : undefined;
      const chosen = tag === undefined ? [] : options.filter((o) => optionTag(o, d.discriminator!).includes(tag));
      return (chosen.length > 0 ? chosen : options).flatMap((o) => objectsOf(o, value, seen));
    }
    case "intersection":
      return [d.left, d.right].flatMap((o) => (o === undefined ? [] : objectsOf(o, value, seen)));
    case "lazy":
      return d.getter === undefined ? [] : objectsOf(d.getter(), value, seen);
    case "pipe":
      return d.in === undefined ? [] : objectsOf(d.in, value, seen);
    default:
      return d.innerType === undefined ? [] : objectsOf(d.innerType, value, seen);
  }
}

function optionTag(option: z.ZodType, discriminator: string): readonly unknown[] {
  const d = defOf(option);
  const field = d.type === "object" ? d.shape?.[discriminator] : undefined;
  return field === undefined ? [] : (defOf(field).values ?? []);
}

function step(s: z.ZodType, seg: PathSegment): z.ZodType[] {
  const d = defOf(s);
  if (d.type === "object") {
    const field = typeof seg === "string" && d.shape !== undefined && Object.hasOwn(d.shape, seg) ? d.shape[seg] : undefined;
    return field === undefined ? [] : [field];
  }
  if (d.type === "array") return typeof seg === "number" && d.element !== undefined ? [d.element] : [];
  if (d.type === "record") return d.valueType === undefined ? [] : [d.valueType];
  if (d.type === "tuple" && typeof seg === "number") {
    const item = d.items?.[seg] ?? d.rest ?? undefined;
    return item === undefined ? [] : [item];
  }
  return [];
}
