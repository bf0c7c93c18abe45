/**
 * The reasons of impact simulation (internal): for one subject whose outcome differs between
 * ruleset a and ruleset b, the score change and the indicators that drove it, the rules newly
 * fired or no longer fired, whether the bands or the score moved the grade, and the one-line
 * bilingual summary that says so.
 * @module
 */
import { bandBounds, bandContains } from "../format/bands.js";
import { signed } from "../base/bilingual.js";
import { describeEffect } from "./diff-describe.js";
import { type BilingualName, type Grade, gradeRank } from "../base/grade.js";
import { compileLabelScale, labelPosition, type LabelScale } from "../format/labels.js";
import type { Evaluation } from "../engine/types.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import type { IndicatorShift, MigrationOutcome, MoveCause, Mover, RuleShift } from "./simulate-types.js";

/**
 * What one ruleset made of one subject: its evaluation, or the message its data was rejected with.
 * @category Versions
 */
export type Side = { readonly ok: true; readonly ev: Evaluation } | { readonly ok: false; readonly subjectId: string | undefined; readonly message: string };

/**
 * The id of a raw subject, when it has a string one.
 * @param raw - The subject as the host supplied it.
 * @returns Its `id`, or `undefined`.
 * @category Versions
 */
export function idOf(raw: unknown): string | undefined {
  if (raw !== null && typeof raw === "object" && typeof (raw as { id?: unknown }).id === "string") return (raw as { id: string }).id;
  return undefined;
}

/** The grade and label a total gets under a ruleset's bands, with the same defaults as evaluation. */
function bandAt(r: Ruleset, scale: LabelScale, score: number): { grade: Grade; label: string } | null {
  for (let i = 0; i < r.bands.length; i++) {
    const band = r.bands[i]!;
    if (bandContains(bandBounds(band, i), score)) {
      return { grade: band.grade, label: scale.entries[labelPosition(scale, band.grade, band.label)]!.label };
    }
  }
  return null;
}

/**
 * A label as the summary shows it: the label, and the canonical grade beside it when the two
 * differ (`C (D)` for tax C); not gradable and rejected in words.
 * @param o - The outcome.
 * @param label - The label the evaluation published, if graded.
 * @param l - The language.
 * @returns The text.
 */
function outcomeText(o: MigrationOutcome, label: string | null, l: "zh" | "en"): string {
  if (o === "not-gradable") return l === "zh" ? "不予评价" : "not gradable";
  if (o === "rejected") return l === "zh" ? "数据被拒" : "rejected";
  return label === null || label === o ? o : l === "zh" ? `${label}（${o}）` : `${label} (${o})`;
}

const fix = (n: number, decimals: number): number => Number(n.toFixed(decimals)) + 0;
const plain = (n: number): string => (n < 0 ? `−${-n}` : String(n));

function ruleShifts(from: Evaluation | undefined, to: Evaluation | undefined): RuleShift[] {
  const before = new Set((from?.rules ?? []).filter((r) => r.fired).map((r) => r.id));
  return (to?.rules ?? []).filter((r) => r.fired && !before.has(r.id)).map((r) => ({ id: r.id, effect: r.effect, reason: r.reason }));
}

/**
 * Explains one mover: compares its evaluations under a and b and says why its outcome changed.
 * @param index - The subject's position in the population.
 * @param raw - The subject as the host supplied it.
 * @param sa - What ruleset a made of it.
 * @param sb - What ruleset b made of it.
 * @param from - Its outcome under a.
 * @param to - Its outcome under b (different from `from`).
 * @param rulesetA - Ruleset a, whose bands grade b's score to tell a band move from a score move.
 * @param rulesetB - Ruleset b, whose labels order a move within one canonical grade.
 * @param top - How many indicators to name, largest change first.
 * @param decimals - The decimals differences are rounded to.
 * @param names - The versions of a and b, as the summary names them.
 * @returns The mover, with its causes, details and summary.
 * @category Versions
 */
export function explain(
  index: number,
  raw: unknown,
  sa: Side,
  sb: Side,
  from: MigrationOutcome,
  to: MigrationOutcome,
  rulesetA: Ruleset,
  rulesetB: Ruleset,
  top: number,
  decimals: number,
  names: { a: string; b: string },
): Mover {
  const ea = sa.ok ? sa.ev : undefined;
  const eb = sb.ok ? sb.ev : undefined;
  const gradeA = ea?.grade ?? null;
  const gradeB = eb?.grade ?? null;
  const labelsA = compileLabelScale(rulesetA.labels);
  const labelsB = compileLabelScale(rulesetB.labels);
  const fromLabel = ea?.label ?? null;
  const toLabel = eb?.label ?? null;
  // Within one canonical grade, a label move (tax B → M) goes up or down in b's order of labels.
  const posB = (label: string | null): number | undefined => (label === null ? undefined : labelsB.byLabel.get(label));
  const direction: Mover["direction"] =
    gradeA === null || gradeB === null
      ? "other"
      : gradeA !== gradeB
        ? gradeRank(gradeB) < gradeRank(gradeA) ? "up" : "down"
        : posB(fromLabel) !== undefined && posB(toLabel) !== undefined
          ? posB(toLabel)! < posB(fromLabel)! ? "up" : "down"
          : "other";
  const scoreBefore = ea?.score ?? null;
  const scoreAfter = eb?.score ?? null;
  const scoreDelta = scoreBefore !== null && scoreAfter !== null ? fix(scoreAfter - scoreBefore, decimals) : null;
  const scoreGradeBefore = ea?.scoreGrade ?? null;
  const scoreGradeAfter = eb?.scoreGrade ?? null;
  const underOld = scoreAfter === null ? null : bandAt(rulesetA, labelsA, scoreAfter);
  const scoreAfterUnderOldBands = underOld?.grade ?? null;
  const bandLabelBefore = ea?.band?.label ?? null;
  const bandLabelAfter = eb?.band?.label ?? null;
  const adjustmentDelta = fix((eb?.adjustment ?? 0) - (ea?.adjustment ?? 0), decimals);

  // Indicators matched by id; one missing on a side counts 0 there.
  const byId = new Map<string, { name: BilingualName; before: number | null; after: number | null }>();
  for (const r of ea?.indicators ?? []) byId.set(r.id, { name: r.name, before: r.contribution, after: null });
  for (const r of eb?.indicators ?? []) {
    const prev = byId.get(r.id);
    byId.set(r.id, { name: r.name, before: prev?.before ?? null, after: r.contribution });
  }
  const indicators: IndicatorShift[] = [...byId]
    .map(([id, v]) => ({ id, name: v.name, before: v.before, after: v.after, delta: fix((v.after ?? 0) - (v.before ?? 0), decimals) }))
    .filter((s) => s.delta !== 0)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .slice(0, top);
  const rulesFired = ruleShifts(ea, eb);
  const rulesCleared = ruleShifts(eb, ea);

  const causes: MoveCause[] = [];
  if (!sa.ok || !sb.ok) causes.push("rejected");
  else if (gradeA === null || gradeB === null || ea!.decidedBy === "not-gradable" || eb!.decidedBy === "not-gradable") causes.push("not-gradable");
  if (ea && eb) {
    // Compared by band label: a score crossing from road-transport A to B stays canonical B but moves.
    if (bandLabelBefore !== null && underOld !== null && bandLabelBefore !== underOld.label) causes.push("score");
    if (underOld !== null && bandLabelAfter !== null && underOld.label !== bandLabelAfter) causes.push("bands");
    const byRulesA = ea.decidedBy !== "public-composite-fallback" && fromLabel !== bandLabelBefore;
    const byRulesB = eb.decidedBy !== "public-composite-fallback" && toLabel !== bandLabelAfter;
    if ((byRulesA || byRulesB) && gradeA !== null && gradeB !== null) causes.push("rules");
    if (ea.decidedBy === "public-composite-fallback" || eb.decidedBy === "public-composite-fallback") causes.push("fallback");
  }

  const detail = (s: Side): string | undefined => {
    if (!s.ok) return s.message;
    if (s.ev.grade === null) return s.ev.notGradable.map((n) => n.message).join("; ") || undefined;
    return undefined;
  };
  const detailBefore = detail(sa);
  const detailAfter = detail(sb);

  const en: string[] = [];
  const zh: string[] = [];
  if (scoreBefore !== null && scoreAfter !== null) {
    const drivers = [
      ...(adjustmentDelta !== 0 ? [{ id: "adjustment", zh: "加减分", delta: adjustmentDelta }] : []),
      ...indicators.map((s) => ({ id: s.id, zh: s.id, delta: s.delta })),
    ];
    const de = drivers.length > 0 ? `: ${drivers.map((x) => `${x.id} ${signed(x.delta)}`).join(", ")}` : "";
    const dz = drivers.length > 0 ? `：${drivers.map((x) => `${x.zh} ${signed(x.delta)}`).join("，")}` : "";
    en.push(`score ${plain(scoreBefore)} → ${plain(scoreAfter)} (${signed(scoreDelta!)}${de})`);
    zh.push(`得分 ${plain(scoreBefore)} → ${plain(scoreAfter)}（${signed(scoreDelta!)}${dz}）`);
  } else if (scoreBefore !== null || scoreAfter !== null) {
    en.push(`score ${scoreBefore === null ? "—" : plain(scoreBefore)} → ${scoreAfter === null ? "—" : plain(scoreAfter)}`);
    zh.push(`得分 ${scoreBefore === null ? "—" : plain(scoreBefore)} → ${scoreAfter === null ? "—" : plain(scoreAfter)}`);
  }
  if (causes.includes("bands")) {
    en.push(`bands moved (${plain(scoreAfter!)} is ${underOld!.label} under ${names.a}'s bands, ${bandLabelAfter} under ${names.b}'s)`);
    zh.push(`分数段调整（${plain(scoreAfter!)} 在 ${names.a} 为${underOld!.label}级，在 ${names.b} 为${bandLabelAfter}级）`);
  }
  for (const r of rulesFired) {
    const e = describeEffect(r.effect, labelsB);
    en.push(`rule ${r.id} fired (${e.en})`);
    zh.push(`规则 ${r.id} 触发（${e.zh}）`);
  }
  for (const r of rulesCleared) {
    const e = describeEffect(r.effect, labelsA);
    en.push(`rule ${r.id} no longer fires (${e.en})`);
    zh.push(`规则 ${r.id} 不再触发（${e.zh}）`);
  }
  if (causes.includes("fallback")) {
    en.push("public composite grade used as fallback");
    zh.push("采用公共信用综合评价等级");
  }
  for (const [side, d] of [[names.a, detailBefore], [names.b, detailAfter]] as const) {
    if (d !== undefined) {
      en.push(`${side}: ${d}`);
      zh.push(`${side}：${d}`);
    }
  }
  const head = (l: "zh" | "en"): string => `${outcomeText(from, fromLabel, l)}→${outcomeText(to, toLabel, l)}`;
  return {
    index,
    subjectId: ea?.subjectId ?? eb?.subjectId ?? (sa.ok ? undefined : sa.subjectId) ?? idOf(raw),
    from,
    to,
    fromLabel,
    toLabel,
    direction,
    causes,
    scoreBefore,
    scoreAfter,
    scoreDelta,
    scoreGradeBefore,
    scoreGradeAfter,
    scoreAfterUnderOldBands,
    adjustmentDelta,
    indicators,
    rulesFired,
    rulesCleared,
    ...(detailBefore === undefined ? {} : { detailBefore }),
    ...(detailAfter === undefined ? {} : { detailAfter }),
    summary: { en: `${head("en")}: ${en.join("; ")}`, zh: `${head("zh")}：${zh.join("；")}` },
  };
}
