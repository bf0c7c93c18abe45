/**
 * The per-area comparers of the ruleset diff (internal): metadata, inputs, the indicator tree,
 * record types and publicity periods, derived facts, named conditions, rules, and (in modules
 * of their own) bands and labels (`_diff-labels.ts`), measures and sampling (`_diff-measures.ts`). Each matches objects by id (or grade, or
 * severity), never by position, compares values as they take effect, and adds what differs to
 * the collector.
 * @module
 */
import { _Changes, type Any, kindOf, matched, nameOf, same, unionKeys, zhAspect } from "./diff-changes.js";
import { diffBands, diffLabels } from "./diff-labels.js";
import { diffMeasures } from "./diff-measures.js";
import { type PathSegment } from "../base/diagnostic.js";
import type { RulesetChange } from "./diff-types.js";
import { describeEffect, describeFact, describeOnMissing, describeScoring, num, round, show } from "./diff-describe.js";
import type { FactDef } from "../format/fact.js";
import type { BilingualName } from "../base/grade.js";
import { compileLabelScale } from "../format/labels.js";
import { nodeAmount, type PlacedNode, placeNodes } from "../format/indicator-tree.js";
import { NATIONAL_PUBLICITY_2025, type PublicityPeriod, type RecordTypeDef } from "../format/record.js";
import { type IndicatorLeafDef, isGroup, type Ruleset, type ScoringDef } from "../format/ruleset-schema.js";

/**
 * Every change from `a` to `b`, area by area, in the order each comparer finds them.
 * @param a - The earlier ruleset.
 * @param b - The later ruleset.
 * @returns The changes, unsorted.
 * @category Versions
 */
export function diffAreas(a: Ruleset, b: Ruleset): RulesetChange[] {
  const d = new _Changes();
  diffMetadata(d, a, b);
  diffInputs(d, a, b);
  diffIndicators(d, a, b);
  diffBands(d, a, b);
  diffLabels(d, a, b);
  diffRecords(d, a, b);
  diffFacts(d, a, b);
  diffConditions(d, a, b);
  diffRules(d, a, b);
  diffMeasures(d, a, b);
  return d.list;
}

function diffMetadata(d: _Changes, a: Ruleset, b: Ruleset): void {
  const ra = a as unknown as Any;
  const rb = b as unknown as Any;
  const meta = (key: string, before: unknown, after: unknown, path: readonly PathSegment[]): void => {
    if (same(before, after)) return;
    const kind = kindOf(before, after);
    d.add(kind, "metadata", key, key, path, before, after, {
      en: `${key}: ${show(before)} → ${show(after)}`,
      zh: `${zhAspect(key)}：${show(before)} → ${show(after)}`,
    });
  };
  for (const key of ["formatVersion", "id", "scheme", "kind", "industry", "version"]) meta(key, ra[key], rb[key], [key]);
  meta("effective.from", a.effective.from, b.effective.from, ["effective", "from"]);
  meta("effective.to", a.effective.to, b.effective.to, ["effective", "to"]);
  for (const key of ["authority", "scale", "rounding", "weighting", "publicComposite", "strictInputs", "subjectId"]) meta(key, ra[key], rb[key], [key]);
  d.set("metadata", "legalBasis", { en: "legal basis", zh: "法律依据" }, "legalBasis", ["legalBasis"], a.legalBasis ?? [], b.legalBasis ?? []);
  d.texts("ruleset", { en: "ruleset", zh: "规则集" }, [], ra, rb, ["name"]);
}

function diffInputs(d: _Changes, a: Ruleset, b: Ruleset): void {
  // An input replaced by a derived fact of the same id keeps every indicator and rule reading it.
  const factsA = new Set((a.facts ?? []).map((f) => f.id));
  const factsB = new Set((b.facts ?? []).map((f) => f.id));
  for (const [id, x, y] of matched(a.inputs, b.inputs, (i) => i.id)) {
    const noun = { en: `input ${id}`, zh: `输入项 ${id}` };
    if (!x) {
      const was = factsA.has(id) && !factsB.has(id) ? { en: `; was a derived fact`, zh: `；原为派生事实` } : { en: "", zh: "" };
      d.add("added", "inputs", id, "input", ["inputs", y!.index], undefined, y!.item, { en: `${noun.en} added (${y!.item.type}${was.en})`, zh: `新增${noun.zh}（${y!.item.type}${was.zh}）` });
      continue;
    }
    if (!y) {
      const now = factsB.has(id) && !factsA.has(id) ? { en: `; now a derived fact`, zh: `；改为派生事实` } : { en: "", zh: "" };
      d.add("removed", "inputs", id, "input", ["inputs", x.index], x.item, undefined, { en: `${noun.en} removed (${x.item.type}${now.en})`, zh: `删除${noun.zh}（${x.item.type}${now.zh}）` });
      continue;
    }
    const ia = x.item as unknown as Any;
    const ib = y.item as unknown as Any;
    const path: PathSegment[] = ["inputs", y.index];
    for (const k of ["type", "unit", "min", "max", "integer", "required", "role"]) d.prop("inputs", id, noun, k, [...path, k], ia[k], ib[k]);
    d.set("inputs", id, noun, "values", [...path, "values"], (ia["values"] as string[] | undefined) ?? [], (ib["values"] as string[] | undefined) ?? []);
    d.texts(`input:${id}`, noun, path, ia, ib, ["name", "description", "source"]);
  }
}

/** A scoring function without its display labels, for comparing what it computes. */
function stripLabels(s: ScoringDef): unknown {
  if (s.type === "bins") return { ...s, bins: s.bins.map(({ label: _l, ...rest }) => rest) };
  if (s.type === "deduction") return { ...s, items: s.items.map(({ label: _l, code: _c, ...rest }) => rest) };
  return s;
}

function diffIndicators(d: _Changes, a: Ruleset, b: Ruleset): void {
  const pa = new Map(placeNodes(a).map((p) => [p.node.id, p]));
  const pb = new Map(placeNodes(b).map((p) => [p.node.id, p]));
  const parentOf = (p: PlacedNode): string | null => p.ancestors[p.ancestors.length - 1] ?? null;
  const amountKey = (r: Ruleset): "weight" | "points" => (r.weighting === "points" ? "points" : "weight");
  const describeNode = (r: Ruleset, p: PlacedNode): BilingualName => {
    const parent = parentOf(p);
    const amount = nodeAmount(r, p.node);
    const what = isGroup(p.node) ? { en: "group", zh: "指标组" } : { en: "indicator", zh: "指标" };
    const amt =
      r.weighting === "points"
        ? { en: `${num(amount)} points`, zh: `${num(amount)}分` }
        : { en: `weight ${num(amount)}%, max ${num(round(p.maxPoints))} points`, zh: `权重${num(amount)}%，最高${num(round(p.maxPoints))}分` };
    return {
      en: `${what.en} ${p.node.id} (${nameOf(p.node)})${parent === null ? " at the top level" : ` under ${parent}`}: ${amt.en}`,
      zh: `${what.zh} ${p.node.id}（${p.node.name.zh}）${parent === null ? "（一级）" : `，上级 ${parent}`}：${amt.zh}`,
    };
  };
  const facts = (r: Ruleset, p: PlacedNode): Any => ({
    kind: isGroup(p.node) ? "group" : "indicator",
    parent: parentOf(p),
    [amountKey(r)]: nodeAmount(r, p.node),
    maxPoints: round(p.maxPoints),
    ...(isGroup(p.node) ? {} : { scoring: (p.node as IndicatorLeafDef).scoring }),
  });
  for (const id of unionKeys(pa, pb)) {
    const x = pa.get(id);
    const y = pb.get(id);
    if (!x) {
      const s = describeNode(b, y!);
      d.add("added", "indicators", id, isGroup(y!.node) ? "group" : "indicator", y!.path, undefined, facts(b, y!), { en: `${s.en} added`, zh: `新增${s.zh}` });
      continue;
    }
    if (!y) {
      const s = describeNode(a, x);
      d.add("removed", "indicators", id, isGroup(x.node) ? "group" : "indicator", x.path, facts(a, x), undefined, { en: `${s.en} removed`, zh: `删除${s.zh}` });
      continue;
    }
    const noun = { en: `indicator ${id}`, zh: `指标 ${id}` };
    const path = y.path;
    const ga = isGroup(x.node);
    const gb = isGroup(y.node);
    if (ga !== gb) {
      d.add("changed", "indicators", id, "kind", path, ga ? "group" : "indicator", gb ? "group" : "indicator", {
        en: `${noun.en}: ${ga ? "group → indicator" : "indicator → group"}`,
        zh: `${noun.zh}：${ga ? "指标组 → 指标" : "指标 → 指标组"}`,
      });
    }
    const parentA = parentOf(x);
    const parentB = parentOf(y);
    if (parentA !== parentB) {
      const top = { en: "the top level", zh: "一级" };
      d.add("changed", "indicators", id, "parent", path, parentA, parentB, {
        en: `${noun.en} moved from ${parentA ?? top.en} to ${parentB ?? top.en}`,
        zh: `${noun.zh}由 ${parentA ?? top.zh} 移至 ${parentB ?? top.zh}`,
      });
    }
    const declA = nodeAmount(a, x.node);
    const declB = nodeAmount(b, y.node);
    const maxA = round(x.maxPoints);
    const maxB = round(y.maxPoints);
    if (declA !== declB || a.weighting !== b.weighting) {
      const key = amountKey(b);
      const pointsOnly = a.weighting === "points" && b.weighting === "points";
      const unitA = a.weighting === "points" ? "" : "%";
      const unitB = b.weighting === "points" ? "" : "%";
      d.add("changed", "indicators", id, key, [...path, key], { declared: declA, maxPoints: maxA }, { declared: declB, maxPoints: maxB }, {
        en: pointsOnly
          ? `${noun.en}: points ${num(declA)} → ${num(declB)}`
          : `${noun.en}: ${key} ${num(declA)}${unitA} → ${num(declB)}${unitB} (max points ${num(maxA)} → ${num(maxB)})`,
        zh: pointsOnly
          ? `${noun.zh}：分值 ${num(declA)} → ${num(declB)}`
          : `${noun.zh}：${zhAspect(key)} ${num(declA)}${unitA} → ${num(declB)}${unitB}（最高分 ${num(maxA)} → ${num(maxB)}）`,
      });
    } else if (maxA !== maxB) {
      d.add("changed", "indicators", id, "maxPoints", path, maxA, maxB, {
        en: `${noun.en}: max points ${num(maxA)} → ${num(maxB)} (same declared ${amountKey(b)} ${num(declB)}; a parent or the scale changed)`,
        zh: `${noun.zh}：最高分 ${num(maxA)} → ${num(maxB)}（${zhAspect(amountKey(b))}未变，上级或总分变化）`,
      });
    }
    if (!ga && !gb) {
      const la = x.node as IndicatorLeafDef;
      const lb = y.node as IndicatorLeafDef;
      if (!same(stripLabels(la.scoring), stripLabels(lb.scoring))) {
        const sa = describeScoring(la.scoring);
        const sb = describeScoring(lb.scoring);
        d.add("changed", "indicators", id, "scoring", [...path, "scoring"], la.scoring, lb.scoring, {
          en: `${noun.en}: scoring ${sa.en} → ${sb.en}`,
          zh: `${noun.zh}：评分方法 ${sa.zh} → ${sb.zh}`,
        });
      } else if (!same(la.scoring, lb.scoring)) {
        d.add("changed", "texts", `indicator:${id}`, "scoring labels", [...path, "scoring"], la.scoring, lb.scoring, {
          en: `${noun.en}: scoring labels changed (scores unchanged)`,
          zh: `${noun.zh}：评分档位标签变化（分值未变）`,
        });
      }
      d.prop("indicators", id, noun, "outOf", [...path, "outOf"], la.outOf, lb.outOf);
      if (!same(la.onMissing, lb.onMissing)) {
        const ma = describeOnMissing(la.onMissing);
        const mb = describeOnMissing(lb.onMissing);
        d.add("changed", "indicators", id, "onMissing", [...path, "onMissing"], la.onMissing, lb.onMissing, {
          en: `${noun.en}: when missing ${ma.en} → ${mb.en}`,
          zh: `${noun.zh}：缺失处理 ${ma.zh} → ${mb.zh}`,
        });
      }
    }
    d.texts(`indicator:${id}`, noun, path, x.node as unknown as Any, y.node as unknown as Any, ["name", "description"]);
  }
}

function effectivePublicity(r: Ruleset): Map<string, PublicityPeriod> {
  const m = new Map<string, PublicityPeriod>(NATIONAL_PUBLICITY_2025.map((p) => [p.severity, p]));
  for (const p of r.records?.publicity ?? []) m.set(p.severity, p);
  return m;
}

function diffRecords(d: _Changes, a: Ruleset, b: Ruleset): void {
  const describeType = (t: RecordTypeDef): string =>
    `${t.id} (${t.name.en}${t.fields?.length ? `; fields ${t.fields.map((f) => f.id).join(", ")}` : ""}; publicity ${show(t.publicity ?? "by-severity")})`;
  for (const [id, x, y] of matched(a.records?.types, b.records?.types, (t) => t.id)) {
    const noun = { en: `record type ${id}`, zh: `记录类型 ${id}` };
    if (!x) {
      d.add("added", "records", id, "record type", ["records", "types", y!.index], undefined, y!.item, { en: `record type ${describeType(y!.item)} added`, zh: `新增记录类型 ${y!.item.id}（${y!.item.name.zh}）` });
      continue;
    }
    if (!y) {
      d.add("removed", "records", id, "record type", ["records", "types", x.index], x.item, undefined, { en: `record type ${describeType(x.item)} removed`, zh: `删除记录类型 ${x.item.id}（${x.item.name.zh}）` });
      continue;
    }
    const path: PathSegment[] = ["records", "types", y.index];
    d.prop("records", id, noun, "severity", [...path, "severity"], x.item.severity ?? "optional", y.item.severity ?? "optional");
    d.prop("records", id, noun, "publicity", [...path, "publicity"], x.item.publicity ?? "by-severity", y.item.publicity ?? "by-severity");
    d.texts(`record:${id}`, noun, path, x.item as unknown as Any, y.item as unknown as Any, ["name", "description"]);
    for (const [fid, p, q] of matched(x.item.fields, y.item.fields, (f) => f.id)) {
      const key = `${id}.${fid}`;
      const fnoun = { en: `record field ${key}`, zh: `记录字段 ${key}` };
      if (!p) d.add("added", "records", key, "field", [...path, "fields", q!.index], undefined, q!.item, { en: `${fnoun.en} added (${q!.item.type})`, zh: `新增${fnoun.zh}（${q!.item.type}）` });
      else if (!q) d.add("removed", "records", key, "field", ["records", "types", x.index, "fields", p.index], p.item, undefined, { en: `${fnoun.en} removed (${p.item.type})`, zh: `删除${fnoun.zh}（${p.item.type}）` });
      else {
        const fpath: PathSegment[] = [...path, "fields", q.index];
        d.prop("records", key, fnoun, "type", [...fpath, "type"], p.item.type, q.item.type);
        d.prop("records", key, fnoun, "required", [...fpath, "required"], p.item.required ?? false, q.item.required ?? false);
        d.set("records", key, fnoun, "values", [...fpath, "values"], p.item.values ?? [], q.item.values ?? []);
        d.texts(`field:${key}`, fnoun, fpath, p.item as unknown as Any, q.item as unknown as Any, ["description"]);
      }
    }
  }
  // Publicity periods compare as they take effect: undeclared severities use the national periods.
  const pa = effectivePublicity(a);
  const pb = effectivePublicity(b);
  for (const sev of unionKeys(pa, pb)) {
    const x = pa.get(sev)!;
    const y = pb.get(sev)!;
    if (x.min !== y.min || x.max !== y.max) {
      const idx = b.records?.publicity?.findIndex((p) => p.severity === sev) ?? -1;
      d.add("changed", "records", sev, "publicity", idx >= 0 ? ["records", "publicity", idx] : ["records"], { min: x.min, max: x.max }, { min: y.min, max: y.max }, {
        en: `publicity period of ${sev} records: ${x.min}–${x.max} → ${y.min}–${y.max}`,
        zh: `${sev} 失信信息公示期：${x.min}–${x.max} → ${y.min}–${y.max}`,
      });
    }
  }
}

function diffFacts(d: _Changes, a: Ruleset, b: Ruleset): void {
  const core = (f: FactDef): unknown => {
    const { name: _n, description: _d, ...rest } = f;
    return rest;
  };
  for (const [id, x, y] of matched(a.facts, b.facts, (f) => f.id)) {
    const noun = { en: `fact ${id}`, zh: `派生事实 ${id}` };
    if (!x) {
      const s = describeFact(y!.item);
      d.add("added", "facts", id, "fact", ["facts", y!.index], undefined, y!.item, { en: `${noun.en} added: ${s.en}`, zh: `新增${noun.zh}：${s.zh}` });
    } else if (!y) {
      const s = describeFact(x.item);
      d.add("removed", "facts", id, "fact", ["facts", x.index], x.item, undefined, { en: `${noun.en} removed: ${s.en}`, zh: `删除${noun.zh}：${s.zh}` });
    } else {
      const path: PathSegment[] = ["facts", y.index];
      if (!same(core(x.item), core(y.item))) {
        const sa = describeFact(x.item);
        const sb = describeFact(y.item);
        d.add("changed", "facts", id, "definition", path, x.item, y.item, { en: `${noun.en}: ${sa.en} → ${sb.en}`, zh: `${noun.zh}：${sa.zh} → ${sb.zh}` });
      }
      d.texts(`fact:${id}`, noun, path, x.item as unknown as Any, y.item as unknown as Any, ["name", "description"]);
    }
  }
}

function diffConditions(d: _Changes, a: Ruleset, b: Ruleset): void {
  for (const [id, x, y] of matched(a.conditions, b.conditions, (c) => c.id)) {
    const noun = { en: `condition ${id}`, zh: `命名条件 ${id}` };
    if (!x) d.add("added", "conditions", id, "condition", ["conditions", y!.index], undefined, y!.item, { en: `${noun.en} added: ${show(y!.item.conditions)}`, zh: `新增${noun.zh}：${show(y!.item.conditions)}` });
    else if (!y) d.add("removed", "conditions", id, "condition", ["conditions", x.index], x.item, undefined, { en: `${noun.en} removed`, zh: `删除${noun.zh}` });
    else {
      const path: PathSegment[] = ["conditions", y.index];
      d.prop("conditions", id, noun, "conditions", [...path, "conditions"], x.item.conditions, y.item.conditions);
      d.texts(`condition:${id}`, noun, path, x.item as unknown as Any, y.item as unknown as Any, ["description"]);
    }
  }
}

function diffRules(d: _Changes, a: Ruleset, b: Ruleset): void {
  // Effects read in each side's own labels (a cap at B is "cap at AA (canonical B)" in a scheme whose B is AA).
  const la = compileLabelScale(a.labels);
  const lb = compileLabelScale(b.labels);
  for (const [id, x, y] of matched(a.rules, b.rules, (r) => r.id)) {
    const noun = { en: `rule ${id}`, zh: `规则 ${id}` };
    if (!x) {
      const e = describeEffect(y!.item.effect, lb);
      d.add("added", "rules", id, "rule", ["rules", y!.index], undefined, y!.item, { en: `${noun.en} added: ${e.en}`, zh: `新增${noun.zh}：${e.zh}` });
      continue;
    }
    if (!y) {
      const e = describeEffect(x.item.effect, la);
      d.add("removed", "rules", id, "rule", ["rules", x.index], x.item, undefined, { en: `${noun.en} removed: ${e.en}`, zh: `删除${noun.zh}：${e.zh}` });
      continue;
    }
    const path: PathSegment[] = ["rules", y.index];
    d.prop("rules", id, noun, "conditions", [...path, "conditions"], x.item.conditions, y.item.conditions);
    if (!same(x.item.effect, y.item.effect)) {
      const ea = describeEffect(x.item.effect, la);
      const eb = describeEffect(y.item.effect, lb);
      d.add("changed", "rules", id, "effect", [...path, "effect"], x.item.effect, y.item.effect, { en: `${noun.en}: effect ${ea.en} → ${eb.en}`, zh: `${noun.zh}：效果 ${ea.zh} → ${eb.zh}` });
    }
    if (!same(x.item.reason, y.item.reason)) {
      d.add("changed", "rules", id, "reason", [...path, "reason"], x.item.reason, y.item.reason, {
        en: `${noun.en}: reason "${x.item.reason.en}" → "${y.item.reason.en}"`,
        zh: `${noun.zh}：理由「${x.item.reason.zh}」→「${y.item.reason.zh}」`,
      });
    }
    d.prop("rules", id, noun, "legalBasis", [...path, "legalBasis"], x.item.legalBasis, y.item.legalBasis);
    d.set("rules", id, noun, "measures", [...path, "measures"], x.item.measures ?? [], y.item.measures ?? []);
    d.prop("rules", id, noun, "outputs", [...path, "outputs"], x.item.outputs ?? [], y.item.outputs ?? []);
    d.texts(`rule:${id}`, noun, path, x.item as unknown as Any, y.item as unknown as Any, ["name"]);
  }
}
