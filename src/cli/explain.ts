/**
 * `credit-grading explain`: one evaluation as text for a person, in Chinese or English, and
 * what would move the subject to the next better grade (下一等级). Pure: no I/O.
 * @module
 */
import { printable } from "./printable.js";
import { CLASS_NAMES, type CompiledRuleset, describeEffect, type Evaluation, type Grade, gradeRank, type IndicatorNodeDef, isGroup, bandBounds } from "../index.js";
import { compileLabelScale, effectPosition, labelPosition, type LabelScale, labelWords } from "../format/labels.js";
import { holdingTriggers, type Trigger } from "./explain-triggers.js";

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

/** A scheme label and its canonical grade, as the explanation names a grade. */
export interface LabelRef {
  /** The scheme's label, e.g. tax `M`. */
  readonly label: string;
  /** Its canonical grade. */
  readonly grade: Grade;
  /** The label in words (`M (canonical B)`; the label alone when it is the grade's letter). */
  readonly words: { readonly zh: string; readonly en: string };
}

/**
 * What would move a subject to the next better label of its scheme: the nearest better label a
 * score band gives (tax C → B: M is reached by rules only), or, for a grade set by a rule or a
 * fallback, that label too. `target` and `cap` are labels with their canonical grades.
 */
export type NextGrade =
  | { readonly kind: "best"; readonly grade: Grade; readonly label: LabelRef }
  | { readonly kind: "not-gradable"; readonly reasons: readonly string[] }
  | { readonly kind: "set-grade"; readonly target: LabelRef; readonly rules: readonly string[] }
  | { readonly kind: "fallback"; readonly target: LabelRef }
  | { readonly kind: "capped"; readonly target: LabelRef; readonly cap: LabelRef; readonly rules: readonly string[] }
  | { readonly kind: "no-band"; readonly target: LabelRef }
  | {
      readonly kind: "score";
      readonly target: LabelRef;
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
 * Works out what would move an evaluated subject to the next better label of its scheme: for a
 * score grade, the points missing to the lower bound of the nearest better label a band gives,
 * and the indicators with the most points lost that could cover them; when a rule sets or caps
 * the grade, says so instead.
 * @param e - The evaluation.
 * @param compiled - The ruleset that produced it.
 * @returns The analysis.
 */
export function nextGrade(e: Evaluation, compiled: CompiledRuleset, locale: Locale = "en"): NextGrade {
  if (e.grade === null) return { kind: "not-gradable", reasons: e.notGradable.map((r) => (locale === "en" ? r.message : notGradableWords(r, compiled, locale))) };
  const scale = compileLabelScale(compiled.ruleset.labels);
  const ref = (p: number): LabelRef => ({ label: scale.entries[p]!.label, grade: scale.entries[p]!.grade, words: labelWords(scale, p) });
  // A fallback grade is published as its letter: it stands at the grade's first label.
  const at = e.decidedBy === "public-composite-fallback" ? scale.first[gradeRank(e.grade)]! : labelPosition(scale, e.grade, e.label ?? undefined);
  if (at === 0) return { kind: "best", grade: e.grade, label: ref(0) };
  const bands = compiled.ruleset.bands.map((b, i) => ({ band: bandBounds(b, i), p: labelPosition(scale, b.grade, b.label) }));
  // The nearest better label a band gives; labels reached only by rules (tax M) are skipped.
  const banded = bands.filter((b) => b.p < at).sort((x, y) => y.p - x.p)[0];
  const target = ref(banded?.p ?? at - 1);
  const fired = e.rules.filter((o) => o.fired);
  if (e.decidedBy === "direct-judgment") {
    return { kind: "set-grade", target, rules: fired.filter((o) => o.effect.type === "set-grade").map((o) => o.id) };
  }
  if (e.decidedBy === "public-composite-fallback" || e.score === null) return { kind: "fallback", target };
  if (banded === undefined) return { kind: "no-band", target };
  const caps = fired.flatMap((o) => (o.effect.type === "cap" ? [{ id: o.id, p: effectPosition(scale, o.effect) }] : []));
  const capping = caps.filter((c) => c.p > banded.p);
  if (capping.length > 0) {
    return { kind: "capped", target, cap: ref(Math.max(...capping.map((c) => c.p))), rules: capping.map((c) => c.id) };
  }
  const band = banded.band;
  const scaleDigits = compiled.ruleset.rounding.scale;
  const missing = _round(band.min - e.score, scaleDigits);
  const lost = e.indicators
    .filter((i) => (i.pointsLost ?? 0) > 0)
    .map((i) => ({ indicator: i.id, name: i.name, pointsLost: i.pointsLost! }))
    .sort((a, b) => b.pointsLost - a.pointsLost || (a.indicator < b.indicator ? -1 : 1));
  const candidates: Candidate[] = [];
  let sum = 0;
  const enough = (s: number): boolean => (band.minInclusive ? s >= missing : s > missing);
  for (const c of lost) {
    if (candidates.length > 0 && enough(sum)) break;
    candidates.push({ ...c, alone: enough(c.pointsLost) });
    sum = _round(sum + c.pointsLost, scaleDigits);
  }
  const penalties = fired
    .filter((o) => o.effect.type === "adjust-points" && o.effect.points < 0)
    .map((o) => ({ rule: o.id, points: (o.effect as { points: number }).points }));
  return {
    kind: "score",
    target,
    bandMin: band.min,
    inclusive: band.minInclusive,
    missing,
    candidates,
    covered: enough(sum),
    penalties,
  };
}

/**
 * Renders an evaluation for a person (control characters in it shown escaped, see `printable`): the grade and how it was decided, the score breakdown,
 * rules fired, records left out, measures, and what would move it to the next better grade.
 * @param e - The evaluation.
 * @param compiled - The ruleset that produced it.
 * @param locale - `zh` or `en`.
 * @param where - Where the subject came from (e.g. `line 12`), shown in the heading.
 * @param subject - The subject as given: for a rule that holds the grade down, the records that
 * triggered it and the day each stops counting are named.
 * @returns The text, ending with a newline.
 */
export function explainText(e: Evaluation, compiled: CompiledRuleset, locale: Locale, where?: string, subject?: unknown): string {
  const t = (zh: string, en: string): string => (locale === "zh" ? zh : en);
  const rs = compiled.ruleset;
  const scale = compileLabelScale(rs.labels);
  const out: string[] = [];
  // The scheme's label first; the canonical grade beside it when the two differ (tax M is canonical B).
  const gradeText =
    e.grade === null
      ? t("不予评价", "not gradable")
      : e.label === null || e.label === e.grade
        ? `${e.grade} (${CLASS_NAMES[e.class!][locale]})`
        : t(`${e.label}（信用等级 ${e.grade}，${CLASS_NAMES[e.class!].zh}）`, `${e.label} (canonical ${e.grade}, ${CLASS_NAMES[e.class!].en})`);
  out.push(`${e.subjectId}${where ? ` (${where})` : ""}`);
  out.push(t(`规则集 ${rs.name.zh} ${e.ruleset.id}@${e.ruleset.version}，评价基准日 ${e.asOf}`, `Ruleset ${rs.name.en} ${e.ruleset.id}@${e.ruleset.version}, as of ${e.asOf}`));
  out.push(t(`等级：${gradeText}`, `Grade: ${gradeText}`));
  const scoreLine = e.score === null ? "-" : `${e.score} / ${rs.scale.max}`;
  const band = e.band ? ` [${e.band.min}, ${e.band.max}${e.band.maxInclusive ? "]" : ")"} → ${_bandWords(scale, e.band)[locale]}` : "";
  const adj = e.adjustment !== 0 ? t(`（含规则调整 ${_signed(e.adjustment)}）`, ` (incl. ${_signed(e.adjustment)} by rules)`) : "";
  out.push(t(`得分：${scoreLine}${adj}${band}`, `Score: ${scoreLine}${adj}${band}`));
  const decided: Record<Evaluation["decidedBy"], string> = {
    score: t("按得分分数段", "by the score's band"),
    "direct-judgment": t("直接判级（规则设定等级）", "by direct judgment (a rule set the grade)"),
    "public-composite-fallback": t("采用公共信用综合评价等级", "by the public composite grade (fallback)"),
    "not-gradable": t("无法评价", "not at all"),
  };
  const sg = e.band !== null && e.band.label !== e.label ? t(`；分数等级为 ${_bandWords(scale, e.band).zh}`, `; the score alone gives ${_bandWords(scale, e.band).en}`) : "";
  out.push(t(`定级方式：${decided[e.decidedBy]}${sg}`, `Decided: ${decided[e.decidedBy]}${sg}`));
  for (const r of e.notGradable) out.push(t(`  不予评价原因：${notGradableWords(r, compiled, locale)}`, `  not gradable: ${r.indicator}: ${r.message}`));

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
      const missing = i.missing !== null ? t(`，缺失处理：${MISSING_WORDS[i.missing].zh}`, `, missing: ${MISSING_WORDS[i.missing].en}`) : "";
      out.push(`${indent}${i.name[locale]} (${i.id}) [${values}]: ${i.contribution ?? "-"} / ${i.maxPoints}${lost}${missing}`);
    }
  };
  walk(rs.indicators, 0);

  const fired = e.rules.filter((o) => o.fired);
  out.push("", t(`触发的规则：${fired.length === 0 ? "无" : ""}`, `Rules fired: ${fired.length === 0 ? "none" : ""}`).trimEnd());
  for (const o of fired) {
    const facts = Object.entries(o.facts).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
    out.push(`  ${o.id} → ${describeEffect(o.effect, scale)[locale]}: ${o.reason[locale]}${facts ? ` [${facts}]` : ""}`);
  }

  const left = e.excludedRecords;
  out.push("", t(`未计入的信用记录：${left.length === 0 ? "无" : ""}`, `Records left out: ${left.length === 0 ? "none" : ""}`).trimEnd());
  for (const x of left) {
    const why = EXCLUSION_WORDS[x.reason][locale];
    out.push(t(`  ${x.recordId} ${x.type} ${x.date}：${why}（自 ${x.since ?? "-"} 起）`, `  ${x.recordId} ${x.type} ${x.date}: ${why} (since ${x.since ?? "-"})`));
  }

  out.push("", t(`对应措施：${e.measures.length === 0 ? "无" : ""}`, `Measures: ${e.measures.length === 0 ? "none" : ""}`).trimEnd());
  for (const m of e.measures) out.push(`  ${m.id} (${KIND_WORDS[m.kind][locale]}): ${m.name[locale]}`);
  if (e.sampling) {
    const max = e.sampling.ratio.max === undefined ? t("不设上限", "no upper limit") : `${_pct(e.sampling.ratio.max)}%`;
    out.push(t(`  抽查比例：${_pct(e.sampling.ratio.min)}% – ${max}`, `  inspection sampling ratio: ${_pct(e.sampling.ratio.min)}% – ${max}`));
  }
  const added = e.addedMeasures ?? [];
  if (added.length > 0) {
    out.push("", t("规则增加的措施：", "Measures added by rules:"));
    for (const m of added) out.push(`  ${m.id} (${m.kind}): ${m.name[locale]} ← ${m.addedBy}`);
  }
  const outputs = e.outputs ?? [];
  if (outputs.length > 0) {
    out.push("", t("规则输出：", "Rule outputs:"));
    for (const o of outputs) out.push(`  ${o.id} ← ${o.rule}${Object.keys(o.params).length > 0 ? ` ${JSON.stringify(o.params)}` : ""}`);
  }

  const next = nextGrade(e, compiled, locale);
  out.push("", ...nextGradeText(next, locale));
  if (next.kind === "set-grade" || next.kind === "capped") out.push(...triggerText(holdingTriggers(e, compiled, subject, next.rules), locale));
  // Every line shown escaped: a subject id or a ruleset's text never reaches the terminal raw.
  return `${out.map(printable).join("\n")}\n`;
}

/**
 * The records behind a holding rule, one line each: when it stops counting and why, and from
 * when credit repair may be applied for.
 * @param triggers - From `holdingTriggers`.
 * @param locale - `zh` or `en`.
 * @returns Lines of text.
 */
export function triggerText(triggers: readonly Trigger[], locale: Locale): string[] {
  const t = (zh: string, en: string): string => (locale === "zh" ? zh : en);
  return triggers.map((x) => {
    const ends =
      x.until === undefined
        ? t("不因期限届满而失效", "does not expire by itself")
        : x.endsBy === "window"
          ? t(`计入至 ${x.until}（超出事实 ${x.fact} 的统计期后不再计入）`, `counts until ${x.until} (then outside fact ${x.fact}'s window)`)
          : t(`计入至 ${x.until}（公示期届满后不再计入）`, `counts until ${x.until} (its publicity period ends)`);
    const repair = x.repairFrom === undefined ? "" : t(`；自 ${x.repairFrom} 起可申请信用修复`, `; credit repair may be applied for from ${x.repairFrom}`);
    return t(`  触发规则 ${x.rule} 的记录：${x.recordId}（${x.type}，${x.date}），${ends}${repair}。`, `  Rule ${x.rule} is triggered by record ${x.recordId} (${x.type}, ${x.date}): ${ends}${repair}.`);
  });
}

const EXCLUSION_WORDS: Readonly<Record<Evaluation["excludedRecords"][number]["reason"], { readonly zh: string; readonly en: string }>> = {
  REPAIRED: { zh: "已信用修复", en: "repaired" },
  REVOKED: { zh: "已撤销", en: "revoked" },
  PUBLICITY_ENDED: { zh: "公示期已届满", en: "publicity period ended" },
  AFTER_AS_OF: { zh: "晚于评价基准日", en: "dated after the as-of date" },
  UNDECLARED_TYPE: { zh: "规则集未声明此类记录", en: "a record type the ruleset does not declare" },
};

const MISSING_WORDS: Readonly<Record<NonNullable<Evaluation["indicators"][number]["missing"]>, { readonly zh: string; readonly en: string }>> = {
  worst: { zh: "按最低分计", en: "worst" },
  imputed: { zh: "按设定值补足", en: "imputed" },
  "not-gradable": { zh: "不予评价", en: "not gradable" },
};

const KIND_WORDS: Readonly<Record<Evaluation["measures"][number]["kind"], { readonly zh: string; readonly en: string }>> = {
  incentive: { zh: "激励", en: "incentive" },
  restriction: { zh: "约束", en: "restriction" },
  supervision: { zh: "监管", en: "supervision" },
};

/**
 * Why a subject is not gradable, in the chosen language: a rule's own reason, or which
 * indicator lacked which input or matched no bin.
 * @param r - One of `evaluation.notGradable`.
 * @param compiled - The ruleset.
 * @param locale - `zh` or `en`.
 * @returns One sentence.
 */
export function notGradableWords(r: Evaluation["notGradable"][number], compiled: CompiledRuleset, locale: Locale): string {
  const t = (zh: string, en: string): string => (locale === "zh" ? zh : en);
  if (r.code === "RULE") {
    const rule = compiled.ruleset.rules?.find((x) => x.id === r.indicator);
    return rule === undefined ? r.message : t(`规则 ${rule.id}：${rule.reason.zh}`, `rule ${rule.id}: ${rule.reason.en}`);
  }
  const inputs = r.inputs.join(t("、", ", "));
  return r.code === "MISSING_INPUT"
    ? t(`指标 ${r.indicator} 缺少输入 ${inputs}，按规则集规定缺失即不予评价`, `indicator ${r.indicator}: ${inputs} missing, and the ruleset does not grade without it`)
    : t(`指标 ${r.indicator} 的取值（${inputs}）不在任何分档或对照表内`, `indicator ${r.indicator}: the value of ${inputs} matches no bin or table row`);
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
      return [t(`已是最高等级 ${n.label.words.zh}。`, `Already at the best grade, ${n.label.words.en}.`)];
    case "not-gradable":
      return [t(`未评定等级，无法计算距下一等级的差距：${n.reasons.join("；")}`, `Not graded, so there is no next grade to reach: ${n.reasons.join("; ")}`)];
    case "set-grade":
      return [
        t(
          `要达到 ${n.target.words.zh}：等级由规则 ${n.rules.join("、")} 直接设定，提高得分不会改变等级；只有当该规则不再触发（如记录修复、撤销或公示期届满）时，才按得分定级。`,
          `To reach ${n.target.words.en}: the grade is set by rule ${n.rules.join(", ")} (direct judgment); no score can change it. Only when that rule no longer fires (the record repaired, revoked or its publicity ended) does the score decide.`,
        ),
      ];
    case "fallback":
      return [t(`要达到 ${n.target.words.zh}：本评价无法计分，等级取自公共信用综合评价；补齐缺失数据后才能按得分定级。`, `To reach ${n.target.words.en}: this ruleset could not score the subject and used the public composite grade; supply the missing data for the score to decide.`)];
    case "capped":
      return [
        t(
          `要达到 ${n.target.words.zh}：规则 ${n.rules.join("、")} 将等级限定为不高于 ${n.cap.words.zh}，无论得分多少；须先使该规则不再触发。`,
          `To reach ${n.target.words.en}: rule ${n.rules.join(", ")} caps the grade at ${n.cap.words.en} whatever the score; that rule must stop firing first.`,
        ),
      ];
    case "no-band":
      return [t(`本规则集没有比当前更高等级的分数段（下一等级 ${n.target.words.zh} 仅由规则判定）。`, `This ruleset has no score band above the current one (the next label, ${n.target.words.en}, is given by rules only).`)];
    case "score": {
      const bound = n.inclusive ? t(`${n.bandMin} 分以上`, `${n.bandMin} points or more`) : t(`超过 ${n.bandMin} 分`, `more than ${n.bandMin} points`);
      const out = [
        t(
          `要达到 ${n.target.words.zh}（${bound}）：还差 ${n.missing} 分${n.inclusive ? "" : "以上"}。`,
          `To reach ${n.target.words.en} (${bound}): ${n.missing} points ${n.inclusive ? "missing" : "missing, and then some"}.`,
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

// The label a band gives, in words ("C (canonical D)" for tax C).
function _bandWords(scale: LabelScale, band: NonNullable<Evaluation["band"]>): { zh: string; en: string } {
  return labelWords(scale, labelPosition(scale, band.grade, band.label));
}
