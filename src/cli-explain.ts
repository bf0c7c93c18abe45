/**
 * `credit-grading explain`: one evaluation as text for a person, in Chinese or English, and
 * what would move the subject to the next better grade (下一等级). Pure: no I/O.
 * @module
 */
import {
  CLASS_NAMES,
  type CompiledRuleset,
  type Evaluation,
  type Grade,
  GRADES,
  type IndicatorNodeDef,
  isBetter,
  isGroup,
  type RuleOutcome,
} from "./index.js";

/** The explanation's language. */
export type Locale = "zh" | "en";

/** An indicator that lost points and could make up some of the gap. */
export interface Candidate {
  readonly indicator: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly pointsLost: number;
  /** Whether recovering this indicator alone closes the gap. */
  readonly alone: boolean;
}

/** What would move a subject to the next better grade. */
export type NextGrade =
  | { readonly kind: "best"; readonly grade: Grade }
  | { readonly kind: "not-gradable"; readonly reasons: readonly string[] }
  | { readonly kind: "set-grade"; readonly target: Grade; readonly rules: readonly string[] }
  | { readonly kind: "fallback"; readonly target: Grade }
  | { readonly kind: "capped"; readonly target: Grade; readonly cap: Grade; readonly rules: readonly string[] }
  | { readonly kind: "no-band"; readonly target: Grade }
  | {
      readonly kind: "score";
      readonly target: Grade;
      /** The lower bound of the target grade's band. */
      readonly bandMin: number;
      /** Whether the bound itself is in the band (`false`: the score must be more than it). */
      readonly inclusive: boolean;
      /** Points missing to the bound. */
      readonly missing: number;
      /** Indicators with the most points lost, enough (when possible) to cover the gap. */
      readonly candidates: readonly Candidate[];
      /** Whether recovering the listed indicators covers the gap. */
      readonly covered: boolean;
      /** Negative point adjustments by rules that fired, which also count against the score. */
      readonly penalties: readonly { readonly rule: string; readonly points: number }[];
    };

const _round = (x: number, scale: number): number => Math.round(x * 10 ** scale) / 10 ** scale;

/**
 * Works out what would move an evaluated subject to the next better grade: for a score grade,
 * the points missing to the next band's lower bound and the indicators with the most points
 * lost that could cover them; when a rule sets or caps the grade, says so instead.
 * @param e - The evaluation.
 * @param compiled - The ruleset that produced it.
 * @returns The analysis.
 */
export function nextGrade(e: Evaluation, compiled: CompiledRuleset): NextGrade {
  if (e.grade === null) return { kind: "not-gradable", reasons: e.notGradable.map((r) => r.message) };
  if (e.grade === "A") return { kind: "best", grade: "A" };
  const target = GRADES[GRADES.indexOf(e.grade) - 1]!;
  const fired = e.rules.filter((o) => o.fired);
  if (e.decidedBy === "direct-judgment") {
    return { kind: "set-grade", target, rules: fired.filter((o) => o.effect.type === "set-grade").map((o) => o.id) };
  }
  if (e.decidedBy === "public-composite-fallback" || e.score === null) return { kind: "fallback", target };
  const caps = fired.filter((o): o is RuleOutcome & { effect: { type: "cap"; grade: Grade } } => o.effect.type === "cap");
  const capping = caps.filter((o) => isBetter(target, o.effect.grade));
  if (capping.length > 0) {
    const cap = capping.map((o) => o.effect.grade).reduce((w, g) => (isBetter(w, g) ? g : w));
    return { kind: "capped", target, cap, rules: capping.map((o) => o.id) };
  }
  const band = compiled.ruleset.bands.find((b) => b.grade === target);
  if (band === undefined) return { kind: "no-band", target };
  const scale = compiled.ruleset.rounding.scale;
  const missing = _round(band.min - e.score, scale);
  const lost = e.indicators
    .filter((i) => (i.pointsLost ?? 0) > 0)
    .map((i) => ({ indicator: i.id, name: i.name, pointsLost: i.pointsLost! }))
    .sort((a, b) => b.pointsLost - a.pointsLost || (a.indicator < b.indicator ? -1 : 1));
  const candidates: Candidate[] = [];
  let sum = 0;
  const enough = (s: number): boolean => (band.minInclusive === false ? s > missing : s >= missing);
  for (const c of lost) {
    if (candidates.length > 0 && enough(sum)) break;
    candidates.push({ ...c, alone: enough(c.pointsLost) });
    sum = _round(sum + c.pointsLost, scale);
  }
  const penalties = fired
    .filter((o) => o.effect.type === "adjust-points" && o.effect.points < 0)
    .map((o) => ({ rule: o.id, points: (o.effect as { points: number }).points }));
  return {
    kind: "score",
    target,
    bandMin: band.min,
    inclusive: band.minInclusive !== false,
    missing,
    candidates,
    covered: enough(sum),
    penalties,
  };
}

/**
 * Renders an evaluation for a person: the grade and how it was decided, the score breakdown,
 * rules fired, records left out, measures, and what would move it to the next better grade.
 * @param e - The evaluation.
 * @param compiled - The ruleset that produced it.
 * @param locale - `zh` or `en`.
 * @param where - Where the subject came from (e.g. `line 12`), shown in the heading.
 * @returns The text, ending with a newline.
 */
export function explainText(e: Evaluation, compiled: CompiledRuleset, locale: Locale, where?: string): string {
  const t = (zh: string, en: string): string => (locale === "zh" ? zh : en);
  const rs = compiled.ruleset;
  const out: string[] = [];
  const gradeText =
    e.grade === null
      ? t("不予评价", "not gradable")
      : `${e.grade} (${CLASS_NAMES[e.class!][locale]})${e.label !== null && e.label !== e.grade ? t(`，等级标识 ${e.label}`, `, label ${e.label}`) : ""}`;
  out.push(`${e.subjectId}${where ? ` (${where})` : ""}`);
  out.push(t(`规则集 ${rs.name.zh} ${e.ruleset.id}@${e.ruleset.version}，评价基准日 ${e.asOf}`, `Ruleset ${rs.name.en} ${e.ruleset.id}@${e.ruleset.version}, as of ${e.asOf}`));
  out.push(t(`等级：${gradeText}`, `Grade: ${gradeText}`));
  const scoreLine = e.score === null ? "-" : `${e.score} / ${rs.scale.max}`;
  const band = e.band ? ` [${e.band.min}, ${e.band.max}${e.band.maxInclusive ? "]" : ")"} → ${e.band.grade}` : "";
  const adj = e.adjustment !== 0 ? t(`（含规则调整 ${_signed(e.adjustment)}）`, ` (incl. ${_signed(e.adjustment)} by rules)`) : "";
  out.push(t(`得分：${scoreLine}${adj}${band}`, `Score: ${scoreLine}${adj}${band}`));
  const decided: Record<Evaluation["decidedBy"], string> = {
    score: t("按得分分数段", "by the score's band"),
    "direct-judgment": t("直接判级（规则设定等级）", "by direct judgment (a rule set the grade)"),
    "public-composite-fallback": t("采用公共信用综合评价等级", "by the public composite grade (fallback)"),
    "not-gradable": t("无法评价", "not at all"),
  };
  const sg = e.scoreGrade !== null && e.scoreGrade !== e.grade ? t(`；分数等级为 ${e.scoreGrade}`, `; the score alone gives ${e.scoreGrade}`) : "";
  out.push(t(`定级方式：${decided[e.decidedBy]}${sg}`, `Decided: ${decided[e.decidedBy]}${sg}`));
  for (const r of e.notGradable) out.push(t(`  不予评价原因：${r.indicator}：${r.message}`, `  not gradable: ${r.indicator}: ${r.message}`));

  out.push("", t("得分明细：", "Score breakdown:"));
  const byId = new Map(e.indicators.map((i) => [i.id, i]));
  const groups = new Map(e.groups.map((g) => [g.id, g]));
  const walk = (nodes: readonly IndicatorNodeDef[], depth: number): void => {
    for (const n of nodes) {
      const indent = "  ".repeat(depth + 1);
      if (isGroup(n)) {
        const g = groups.get(n.id);
        out.push(`${indent}${n.name[locale]} (${n.id}): ${g?.score ?? "-"} / ${g?.maxPoints ?? "-"}`);
        walk(n.children, depth + 1);
        continue;
      }
      const i = byId.get(n.id);
      if (!i) continue;
      const values = Object.entries(i.values).map(([k, v]) => `${k}=${v === null ? t("缺失", "missing") : JSON.stringify(v)}`).join(", ");
      const lost = (i.pointsLost ?? 0) > 0 ? t(`，失分 ${i.pointsLost}`, `, lost ${i.pointsLost}`) : "";
      const missing = i.missing !== null ? t(`，缺失处理 ${i.missing}`, `, missing: ${i.missing}`) : "";
      out.push(`${indent}${i.name[locale]} (${i.id}) [${values}]: ${i.contribution ?? "-"} / ${i.maxPoints}${lost}${missing}`);
    }
  };
  walk(rs.indicators, 0);

  const fired = e.rules.filter((o) => o.fired);
  out.push("", t(`触发的规则：${fired.length === 0 ? "无" : ""}`, `Rules fired: ${fired.length === 0 ? "none" : ""}`).trimEnd());
  for (const o of fired) {
    const facts = Object.entries(o.facts).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
    out.push(`  ${o.id} → ${_effect(o.effect, locale)}: ${o.reason[locale]}${facts ? ` [${facts}]` : ""}`);
  }

  const left = e.excludedRecords;
  out.push("", t(`未计入的信用记录：${left.length === 0 ? "无" : ""}`, `Records left out: ${left.length === 0 ? "none" : ""}`).trimEnd());
  for (const x of left) out.push(`  ${x.recordId} ${x.type} ${x.date}: ${x.reason} ${t("自", "since")} ${x.since ?? "-"}`);

  out.push("", t(`对应措施：${e.measures.length === 0 ? "无" : ""}`, `Measures: ${e.measures.length === 0 ? "none" : ""}`).trimEnd());
  for (const m of e.measures) out.push(`  ${m.id} (${m.kind}): ${m.name[locale]}`);
  if (e.sampling) {
    const max = e.sampling.ratio.max === undefined ? t("不设上限", "no upper limit") : `${_pct(e.sampling.ratio.max)}%`;
    out.push(t(`  抽查比例：${_pct(e.sampling.ratio.min)}% – ${max}`, `  inspection sampling ratio: ${_pct(e.sampling.ratio.min)}% – ${max}`));
  }

  out.push("", ...nextGradeText(nextGrade(e, compiled), locale));
  return `${out.join("\n")}\n`;
}

/**
 * The "to reach the next grade" paragraph.
 * @param n - From {@link nextGrade}.
 * @param locale - `zh` or `en`.
 * @returns Lines of text.
 */
export function nextGradeText(n: NextGrade, locale: Locale): string[] {
  const t = (zh: string, en: string): string => (locale === "zh" ? zh : en);
  switch (n.kind) {
    case "best":
      return [t("已是最高等级 A。", "Already at the best grade, A.")];
    case "not-gradable":
      return [t(`未评定等级，无法计算距下一等级的差距：${n.reasons.join("；")}`, `Not graded, so there is no next grade to reach: ${n.reasons.join("; ")}`)];
    case "set-grade":
      return [
        t(
          `要达到 ${n.target} 级：等级由规则 ${n.rules.join("、")} 直接设定，提高得分不会改变等级；只有当该规则不再触发（如记录修复、撤销或公示期届满）时，才按得分定级。`,
          `To reach ${n.target}: the grade is set by rule ${n.rules.join(", ")} (direct judgment); no score can change it. Only when that rule no longer fires (the record repaired, revoked or its publicity ended) does the score decide.`,
        ),
      ];
    case "fallback":
      return [t(`要达到 ${n.target} 级：本评价无法计分，等级取自公共信用综合评价；补齐缺失数据后才能按得分定级。`, `To reach ${n.target}: this ruleset could not score the subject and used the public composite grade; supply the missing data for the score to decide.`)];
    case "capped":
      return [
        t(
          `要达到 ${n.target} 级：规则 ${n.rules.join("、")} 将等级限定为不高于 ${n.cap}，无论得分多少；须先使该规则不再触发。`,
          `To reach ${n.target}: rule ${n.rules.join(", ")} caps the grade at ${n.cap} whatever the score; that rule must stop firing first.`,
        ),
      ];
    case "no-band":
      return [t(`本规则集没有 ${n.target} 级的分数段。`, `This ruleset has no score band for ${n.target}.`)];
    case "score": {
      const bound = n.inclusive ? t(`${n.bandMin} 分以上`, `${n.bandMin} points or more`) : t(`超过 ${n.bandMin} 分`, `more than ${n.bandMin} points`);
      const out = [
        t(
          `要达到 ${n.target} 级（${bound}）：还差 ${n.missing} 分${n.inclusive ? "" : "以上"}。`,
          `To reach ${n.target} (${bound}): ${n.missing} points ${n.inclusive ? "missing" : "missing, and then some"}.`,
        ),
      ];
      if (n.candidates.length === 0) {
        out.push(t("  没有失分的指标可以弥补。", "  No indicator lost points that could make it up."));
      } else {
        out.push(t("  失分最多的指标：", "  Indicators with the most points lost:"));
        for (const c of n.candidates) {
          out.push(`    ${c.indicator} ${c.name[locale]}: −${c.pointsLost}${c.alone ? t("（单项即可弥补）", " (enough on its own)") : ""}`);
        }
        out.push(
          n.covered
            ? t("  挽回以上失分即可达到。", "  Recovering these would cover it.")
            : t("  即使挽回全部失分也不足以达到。", "  Even recovering every lost point would not be enough."),
        );
      }
      for (const p of n.penalties) out.push(t(`  另：规则 ${p.rule} 扣减 ${-p.points} 分，该规则不再触发时可挽回。`, `  Also: rule ${p.rule} takes ${-p.points} points, recovered when it no longer fires.`));
      return out;
    }
  }
}

const _pct = (share: number): number => Math.round(share * 10000) / 100;
const _signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

function _effect(e: RuleOutcome["effect"], locale: Locale): string {
  const t = (zh: string, en: string): string => (locale === "zh" ? zh : en);
  switch (e.type) {
    case "set-grade":
      return t(`设定为 ${e.grade} 级`, `set grade ${e.grade}`);
    case "cap":
      return t(`不高于 ${e.grade} 级`, `cap at ${e.grade}`);
    case "floor":
      return t(`不低于 ${e.grade} 级`, `floor at ${e.grade}`);
    case "adjust-points":
      return t(`${_signed(e.points)} 分`, `${_signed(e.points)} points`);
    case "not-gradable":
      return t("不予评价", "not gradable");
  }
}
