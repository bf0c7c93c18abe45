/**
 * The measures comparer of the ruleset diff (internal): the measures mapped to each grade
 * (and to a label mapped apart, keyed `grade/label`), the sampling policy of each grade and the measures a ruleset defines, compared as they take
 * effect (a ruleset without a measures section takes the plan's defaults). Called by
 * `_diff-areas.ts` with the other per-area comparers.
 * @module
 */
import { type _Changes, type Any, kindOf, matched, same } from "./diff-changes.js";
import type { PathSegment } from "../base/diagnostic.js";
import { describeSampling } from "./diff-describe.js";
import { GRADES } from "../base/grade.js";
import { DEFAULT_GRADE_MEASURES, DEFAULT_SAMPLING } from "../measures/catalogue.js";
import type { MeasureDef, SamplingPolicy } from "../format/measure.js";
import type { Ruleset } from "../format/ruleset-schema.js";

/**
 * Adds the changes of the measures section: the measures of each grade, the sampling policy
 * of each grade, and the measures the ruleset defines.
 * @param d - The collector.
 * @param a - The earlier ruleset.
 * @param b - The later ruleset.
 * @category Versions
 */
export function diffMeasures(d: _Changes, a: Ruleset, b: Ruleset): void {
  // Without a measures section a ruleset takes the plan's mapping and sampling; compare those.
  // A label's own entry (tax M on B) is compared under "grade/label".
  const byGrade = (r: Ruleset): Map<string, { ids: readonly string[]; index: number | undefined }> => {
    const m = new Map<string, { ids: readonly string[]; index: number | undefined }>();
    if (r.measures) r.measures.byGrade.forEach((g, index) => m.set(g.label === undefined ? g.grade : `${g.grade}/${g.label}`, { ids: g.measures, index }));
    else for (const g of GRADES) m.set(g, { ids: DEFAULT_GRADE_MEASURES[g], index: undefined });
    return m;
  };
  const ga = byGrade(a);
  const gb = byGrade(b);
  for (const k of [...new Set<string>([...GRADES, ...ga.keys(), ...gb.keys()])]) {
    const x = ga.get(k);
    const y = gb.get(k);
    const at = y?.index ?? x?.index;
    const path: PathSegment[] = at === undefined ? ["measures"] : ["measures", "byGrade", at, "measures"];
    const [g, label] = k.split("/");
    const noun = label === undefined ? { en: `measures of ${g}`, zh: `${g}级措施` } : { en: `measures of label ${label} (grade ${g})`, zh: `标识 ${label}（${g}级）的措施` };
    d.set("measures", k, noun, "byGrade", path, x?.ids ?? [], y?.ids ?? []);
  }
  const sampling = (r: Ruleset): Map<string, { s: SamplingPolicy; index: number | undefined }> =>
    new Map((r.measures?.sampling ?? DEFAULT_SAMPLING).map((s, i) => [s.grade, { s, index: r.measures?.sampling ? i : undefined }]));
  const sa = sampling(a);
  const sb = sampling(b);
  for (const g of GRADES) {
    const x = sa.get(g);
    const y = sb.get(g);
    if (same(x?.s, y?.s)) continue;
    const at = y?.index ?? x?.index;
    const path: PathSegment[] = at === undefined ? ["measures"] : ["measures", "sampling", at];
    const kind = kindOf(x, y);
    const da = describeSampling(x?.s);
    const db = describeSampling(y?.s);
    d.add(kind, "measures", g, "sampling", path, x?.s, y?.s, { en: `sampling of ${g}: ${da.en} → ${db.en}`, zh: `${g}级抽查：${da.zh} → ${db.zh}` });
  }
  for (const [id, x, y] of matched(a.measures?.define, b.measures?.define, (m) => m.id)) {
    const noun = { en: `measure ${id}`, zh: `措施 ${id}` };
    if (!x) d.add("added", "measures", id, "measure", ["measures", "define", y!.index], undefined, y!.item, { en: `${noun.en} defined (${y!.item.kind})`, zh: `新定义${noun.zh}（${y!.item.kind}）` });
    else if (!y) d.add("removed", "measures", id, "measure", ["measures", "define", x.index], x.item, undefined, { en: `${noun.en} no longer defined`, zh: `删除${noun.zh}定义` });
    else {
      const path: PathSegment[] = ["measures", "define", y.index];
      const p = x.item as MeasureDef;
      const q = y.item as MeasureDef;
      d.prop("measures", id, noun, "kind", [...path, "kind"], p.kind, q.kind);
      for (const k of ["legalBasis", "fields", "grants", "bars"] as const) d.set("measures", id, noun, k, [...path, k], p[k] ?? [], q[k] ?? []);
      d.texts(`measure:${id}`, noun, path, p as unknown as Any, q as unknown as Any, ["name", "description"]);
    }
  }
}
