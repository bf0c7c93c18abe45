/**
 * The scale comparers of the ruleset diff (internal): the scheme's labels (公布等级) and the
 * bands that give them. Both are matched by label text, so a scheme with several labels on one
 * canonical grade compares label by label; a label whose canonical grade moved (tax M from C to
 * B) is a change of its own. Where a grade's only label was renamed, the two are paired by grade
 * and reported as a new label of that grade. Called by `_diff-areas.ts`.
 * @module
 */
import { bandBounds } from "../format/bands.js";
import { _Changes, type Any, same, unionKeys } from "./diff-changes.js";
import type { PathSegment } from "../base/diagnostic.js";
import { interval } from "./diff-describe.js";
import { compileLabelScale, labelPosition } from "../format/labels.js";
import type { Ruleset } from "../format/ruleset-schema.js";

interface LabelAt {
  readonly label: string;
  readonly grade: string;
  /** Its index in `labels`, when declared. */
  readonly index: number | undefined;
  readonly item: Any;
}

// The labels a ruleset publishes, by text: declared ones, and a grade's letter where the grade
// declares none (unless a declared label already uses that text).
function labelsOf(r: Ruleset): Map<string, LabelAt> {
  const m = new Map<string, LabelAt>();
  r.labels?.forEach((l, index) => {
    if (!m.has(l.label)) m.set(l.label, { label: l.label, grade: l.grade, index, item: l as unknown as Any });
  });
  for (const e of compileLabelScale(r.labels).entries) {
    if (!e.declared && !m.has(e.label)) m.set(e.label, { label: e.label, grade: e.grade, index: undefined, item: {} });
  }
  return m;
}

// Renamed labels, old → new: a grade that lost exactly one label and gained exactly one.
function renamesOf(ma: ReadonlyMap<string, LabelAt>, mb: ReadonlyMap<string, LabelAt>): Map<LabelAt, LabelAt> {
  const onlyA = [...ma.values()].filter((x) => !mb.has(x.label));
  const onlyB = [...mb.values()].filter((y) => !ma.has(y.label));
  const out = new Map<LabelAt, LabelAt>();
  for (const x of onlyA) {
    const ys = onlyB.filter((y) => y.grade === x.grade);
    if (ys.length === 1 && onlyA.filter((o) => o.grade === x.grade).length === 1) out.set(x, ys[0]!);
  }
  return out;
}

/**
 * Adds the changes of the labels: added, removed, renamed (a grade's only new and old label),
 * moved to another canonical grade, and their names.
 * @param d - The collector.
 * @param a - The earlier ruleset.
 * @param b - The later ruleset.
 * @category Versions
 */
export function diffLabels(d: _Changes, a: Ruleset, b: Ruleset): void {
  const ma = labelsOf(a);
  const mb = labelsOf(b);
  const pathOf = (x: LabelAt | undefined, y: LabelAt | undefined): PathSegment[] =>
    y?.index !== undefined ? ["labels", y.index] : x?.index !== undefined ? ["labels", x.index] : ["labels"];
  // A grade whose only label was renamed: the label of that grade changed.
  const paired = new Set<LabelAt>();
  for (const [x, y] of renamesOf(ma, mb)) {
    paired.add(x).add(y);
    const path = pathOf(x, y);
    d.add("changed", "labels", x.grade, "label", [...path, "label"], x.label, y.label, { en: `label of ${x.grade}: ${x.label} → ${y.label}`, zh: `${x.grade}级标识：${x.label} → ${y.label}` });
    d.texts(`label:${x.grade}`, { en: `label of ${x.grade}`, zh: `${x.grade}级标识` }, path, x.item, y.item, ["name"]);
  }
  for (const key of unionKeys(ma, mb)) {
    const x = ma.get(key);
    const y = mb.get(key);
    if ((x && paired.has(x)) || (y && paired.has(y))) continue;
    const path = pathOf(x, y);
    if (!x) d.add("added", "labels", key, "label", path, undefined, y!.item, { en: `label ${key} added on grade ${y!.grade}`, zh: `新增标识 ${key}（${y!.grade}级）` });
    else if (!y) d.add("removed", "labels", key, "label", path, x.item, undefined, { en: `label ${key} removed from grade ${x.grade}`, zh: `删除标识 ${key}（${x.grade}级）` });
    else {
      if (x.grade !== y.grade) {
        d.add("changed", "labels", key, "grade", [...path, "grade"], x.grade, y.grade, { en: `label ${key}: canonical grade ${x.grade} → ${y.grade}`, zh: `标识 ${key}：对应信用等级 ${x.grade} → ${y.grade}` });
      }
      d.texts(`label:${key}`, { en: `label ${key}`, zh: `标识 ${key}` }, path, x.item, y.item, ["name"]);
    }
  }
}

// The bands of a ruleset by the label they give (the first band of a label if it had two).
function bandsOf(r: Ruleset): Map<string, { band: Any; index: number }> {
  const scale = compileLabelScale(r.labels);
  const m = new Map<string, { band: Any; index: number }>();
  r.bands.forEach((b, index) => {
    const label = scale.entries[labelPosition(scale, b.grade, b.label)]!.label;
    if (!m.has(label)) m.set(label, { band: { ...bandBounds(b, index) }, index });
  });
  return m;
}

const showBand = (b: Any): string => interval(b["min"] as number, b["max"] as number, b["minInclusive"] as boolean, b["maxInclusive"] as boolean);

/**
 * Adds the changes of the bands, matched by the label each gives (a renamed label's band is the
 * same band): added, removed, new bounds.
 * @param d - The collector.
 * @param a - The earlier ruleset.
 * @param b - The later ruleset.
 * @category Versions
 */
export function diffBands(d: _Changes, a: Ruleset, b: Ruleset): void {
  const renamed = new Map([...renamesOf(labelsOf(a), labelsOf(b))].map(([x, y]) => [x.label, y.label]));
  const ma = new Map([...bandsOf(a)].map(([label, v]) => [renamed.get(label) ?? label, v]));
  const mb = bandsOf(b);
  for (const g of unionKeys(ma, mb)) {
    const x = ma.get(g);
    const y = mb.get(g);
    if (!x) d.add("added", "bands", g, "band", ["bands", y!.index], undefined, y!.band, { en: `band ${g} added: ${showBand(y!.band)}`, zh: `新增${g}级分数段：${showBand(y!.band)}` });
    else if (!y) d.add("removed", "bands", g, "band", ["bands", x.index], x.band, undefined, { en: `band ${g} removed: ${showBand(x.band)}`, zh: `删除${g}级分数段：${showBand(x.band)}` });
    else if (!same(x.band, y.band)) {
      d.add("changed", "bands", g, "bounds", ["bands", y.index], x.band, y.band, {
        en: `band ${g}: ${showBand(x.band)} → ${showBand(y.band)}`,
        zh: `${g}级分数段：${showBand(x.band)} → ${showBand(y.band)}`,
      });
    }
  }
}
