/**
 * Semantic ruleset diff (版本比对): what changed between two rulesets, normally two versions of
 * one scheme, in the terms a regulator reads: inputs, indicator weights and points, scoring,
 * bands, labels, record types and publicity periods (公示期), derived facts, rules, measures
 * (措施) and sampling (抽查), texts and metadata.
 *
 * Objects are matched by id (bands, labels and sampling by grade; publicity periods by
 * severity), never by array position, so reordering an array is never reported. Order carries
 * no meaning anywhere the diff looks: bands are keyed by grade (the schema's checks require
 * them best first anyway), rules combine by effect type and not by position (see `rule.ts`:
 * not-gradable, adjust-points, set-grade, floor, cap), and sibling indicators add up whatever
 * their order. Values that have defaults are compared as they take effect: a band's
 * inclusivity, a missing label (the grade letter), publicity periods (the national periods of
 * 国办发〔2025〕22号) and the measures section (the plan's catalogue mapping and sampling).
 *
 * This module holds the change model, the entry point and the formatting; the comparers of each
 * area are in `_diff-areas.ts`, the one-line descriptions in `diff-describe.ts`.
 *
 * Pure: no I/O, no clock.
 * @module
 */
import { type ChangeKind, DIFF_AREAS, type DiffArea, type RulesetChange } from "./diff-types.js";
import { diffAreas } from "./diff-areas.js";
import { formatPath } from "../base/diagnostic.js";
import { markdownText } from "../base/markdown.js";
import type { BilingualName } from "../base/grade.js";
import type { EffectivePeriod } from "./registry-periods.js";
import type { CompiledRuleset } from "../engine/types.js";
import type { Ruleset } from "../format/ruleset-schema.js";

/** The ruleset itself, whether given as a document or compiled. */
function unwrap(r: Ruleset | CompiledRuleset): Ruleset {
  return "evaluate" in r && typeof r.evaluate === "function" ? (r as CompiledRuleset).ruleset : (r as Ruleset);
}

/**
 * The semantic diff of two rulesets: every input, indicator, band, label, record type,
 * publicity period, fact, named condition, rule, measure, text and metadata field that was
 * added, removed or changed from `a` to `b`. Objects are matched by id, never by position, so
 * reordering an array gives no change. For indicators both the declared amount (weight or
 * points) and the derived maximum points are reported; a node whose declared amount is the
 * same but whose maximum points moved (a parent was reweighted) gets a `maxPoints` change.
 * A `weight` or `points` change carries `{ declared, maxPoints }` as `before` and `after`.
 * An input removed while a derived fact of the same id is added (records replacing counts)
 * says so in its summary.
 * @param a - The earlier ruleset (loaded, e.g. with `loadRuleset`, or compiled).
 * @param b - The later ruleset.
 * @param options - The periods the two are in force in a registry, to compare instead of the
 *   periods their documents declare.
 * @returns The changes, by area (in {@link DIFF_AREAS} order), then by id; empty when the two
 *   are the same in substance.
 * @example
 * const changes = diffRulesets(v100, v110);
 * changes.find((c) => c.area === "rules" && c.id === "serious-dishonesty-list")?.summary.en;
 * //=> "rule serious-dishonesty-list added: set grade E"
 * diffRulesets(v100, v100); //=> []
 * // 1.0.0 declares no end; in the registry 1.1.0 ends it on 2025-06-30:
 * const effective = { a: registry.entry(v100.id, v100.version)?.effective };
 * diffRulesets(v100, v110, { effective }).find((c) => c.id === "effective.to")?.summary.en;
 * //=> "effective.to: 2025-06-30 → —"
 * @category Versions
 */
export function diffRulesets(a: Ruleset | CompiledRuleset, b: Ruleset | CompiledRuleset, options: DiffOptions = {}): RulesetChange[] {
  const rank = new Map<DiffArea, number>(DIFF_AREAS.map((x, i) => [x, i]));
  const inForce = (r: Ruleset, period: EffectivePeriod | undefined): Ruleset => (period === undefined ? r : { ...r, effective: { from: period.from, to: period.to } });
  const ra = inForce(unwrap(a), options.effective?.a);
  const rb = inForce(unwrap(b), options.effective?.b);
  // Array.prototype.sort is stable: changes of one id keep the order they were found in.
  return diffAreas(ra, rb).sort((x, y) => rank.get(x.area)! - rank.get(y.area)! || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/**
 * Options of {@link diffRulesets}.
 * @category Versions
 */
export interface DiffOptions {
  /**
   * The periods `a` and `b` are in force in a registry (`registry.entry(id, version)?.effective`),
   * compared as `effective.from` and `effective.to` instead of what the documents declare: a
   * version that declares no end is ended by its successor there.
   */
  readonly effective?: { readonly a?: EffectivePeriod | undefined; readonly b?: EffectivePeriod | undefined };
}

/**
 * Options of {@link formatDiff}.
 * @category Versions
 */
export interface FormatDiffOptions {
  /** `zh` or `en` (default). */
  readonly locale?: "zh" | "en";
  /** Whether to show each change's JSON path; default true. */
  readonly paths?: boolean;
}

const AREA_TITLES: Readonly<Record<DiffArea, BilingualName>> = {
  metadata: { zh: "基本信息", en: "Metadata" },
  inputs: { zh: "输入项", en: "Inputs" },
  indicators: { zh: "指标", en: "Indicators" },
  bands: { zh: "等级分数段", en: "Bands" },
  labels: { zh: "等级标识", en: "Labels" },
  records: { zh: "信用记录类型与公示期", en: "Records and publicity periods" },
  facts: { zh: "派生事实", en: "Facts" },
  conditions: { zh: "命名条件", en: "Named conditions" },
  rules: { zh: "规则", en: "Rules" },
  measures: { zh: "措施与抽查", en: "Measures and sampling" },
  texts: { zh: "文字", en: "Texts" },
};

/**
 * Renders a diff as a readable Markdown list, one section per area, one line per change:
 * `+` added, `−` removed, `~` changed, then the summary and (by default) the JSON path, both
 * escaped for Markdown (a ruleset's texts cannot add a heading, a link or HTML).
 * @param changes - Changes from {@link diffRulesets}.
 * @param options - Locale and whether to show paths.
 * @returns The text, ending with a newline.
 * @example
 * formatDiff(diffRulesets(v100, v110), { locale: "en" }).split("\n")[0];
 * //=> "## Metadata (6)"
 * formatDiff([]); //=> "No changes.\n"
 * @category Versions
 */
export function formatDiff(changes: readonly RulesetChange[], options: FormatDiffOptions = {}): string {
  const locale = options.locale ?? "en";
  if (changes.length === 0) return locale === "zh" ? "无变化。\n" : "No changes.\n";
  const sign: Readonly<Record<ChangeKind, string>> = { added: "+", removed: "−", changed: "~" };
  const out: string[] = [];
  for (const area of DIFF_AREAS) {
    const inArea = changes.filter((c) => c.area === area);
    if (inArea.length === 0) continue;
    if (out.length > 0) out.push("");
    out.push(`## ${AREA_TITLES[area][locale]} (${inArea.length})`, "");
    for (const c of inArea) {
      const path = options.paths === false ? "" : ` (${formatPath(c.path)})`;
      out.push(`- ${sign[c.kind]} ${markdownText(c.summary[locale])}${markdownText(path)}`);
    }
  }
  return `${out.join("\n")}\n`;
}
