/**
 * The Hegang rule (鹤信用发〔2022〕2号 三(一)3): an industry evaluation (行业信用评价) takes the
 * public composite evaluation (公共信用综合评价) as one of its indicators, and 「公共信用综合评价
 * 指标权重和分值不得低于平均值」. The weight a regulator means is the indicator's weight in the
 * whole industry system, so it is measured as its share of the total score: its points over the
 * scale (points mode), or its weight times every ancestor's weight (weights mode). That share
 * must be at least the average share of a top-level indicator (一级指标) and, inside a group, its
 * amount at least the average of its siblings. Nesting it in a small group does not dodge it.
 * @module
 */
import { didYouMean } from "../base/suggest.js";
import type { Collector } from "./collector.js";
import { type Translate, translator } from "../base/bilingual.js";
import { add, decimal, div, lessThan, mul, type Ratio, ratio, shown, sub } from "../base/ratio.js";
import { GRADES } from "../base/grade.js";
import { nodeAmount, type PlacedNode, scoringInputs } from "../format/indicator-tree.js";
import { type IndicatorNodeDef, isGroup, type Ruleset } from "../format/ruleset-schema.js";
import type { InputDef } from "../format/input.js";

/**
 * An indicator that carries the public composite evaluation.
 * @category Checking rulesets
 */
export interface PublicCompositeIndicator {
  /** The indicator, placed in the tree. */
  readonly at: PlacedNode;
  /** The `role: "public-composite"` input it scores, when that (not `publicComposite.indicator`) makes it one. */
  readonly via?: string;
}

/**
 * The indicators a ruleset takes the public composite evaluation with: the one named by
 * `publicComposite.indicator`, and every indicator whose scoring function reads a score input
 * with `role: "public-composite"`. A rule or derived fact reading that input gives it no weight
 * in the tree, so it makes no indicator of it.
 * @param r - The ruleset.
 * @param placed - Its indicator tree, placed.
 * @param inputs - Inputs (and readable facts) by id.
 * @returns The indicators, the declared one first, each once.
 * @category Checking rulesets
 */
export function publicCompositeIndicators(
  r: Ruleset,
  placed: readonly PlacedNode[],
  inputs: ReadonlyMap<string, InputDef>,
): PublicCompositeIndicator[] {
  const out: PublicCompositeIndicator[] = [];
  const declared = placed.find((p) => p.node.id === r.publicComposite?.indicator);
  if (declared) out.push({ at: declared });
  for (const p of placed) {
    if (p === declared || isGroup(p.node)) continue;
    const via = scoringInputs(p.node.scoring).find((id) => {
      const input = inputs.get(id);
      return input?.type === "score" && input.role === "public-composite";
    });
    if (via !== undefined) out.push({ at: p, via });
  }
  return out;
}

/**
 * Whether the Hegang rule is checked: always for an industry ruleset; for another kind, when
 * it takes the public composite as an indicator, unless `publicComposite.check` is `false`.
 * @param r - The ruleset.
 * @param takesPublicComposite - Whether it has a public composite indicator.
 * @returns Whether to check.
 * @category Checking rulesets
 */
export function hegangApplies(r: Ruleset, takesPublicComposite: boolean): boolean {
  return r.kind === "industry" || (r.publicComposite?.check ?? takesPublicComposite);
}

/**
 * One public composite indicator measured against the Hegang rule, in exact fractions.
 * @category Checking rulesets
 */
export interface HegangShare {
  /** The ruleset's weighting: the units the author wrote. */
  readonly mode: Ruleset["weighting"];
  /** The scale's width, in points. */
  readonly total: Ratio;
  /** Its share of the total score, 0–1. */
  readonly share: Ratio;
  /** The points it can contribute: `share × total`. */
  readonly points: Ratio;
  /** Weights mode: its declared weight then each ancestor's, innermost first, in percent. */
  readonly weights: readonly { readonly node: IndicatorNodeDef; readonly weight: Ratio }[];
  /** The top level: its size, and whether the share is at least `1 / n`. */
  readonly top: { readonly n: number; readonly ok: boolean };
  /** Inside a group: the group, its members' amounts, and whether its own is at least their average. */
  readonly level?: {
    readonly parent: IndicatorNodeDef;
    readonly n: number;
    readonly sum: Ratio;
    readonly amount: Ratio;
    readonly ok: boolean;
  };
}

/**
 * Measures a public composite indicator by its share of the total score, exactly.
 * @param r - The ruleset.
 * @param placed - Its indicator tree, placed.
 * @param at - The indicator.
 * @returns Its share, the averages it is held to, and whether it meets each.
 * @example
 * // weights mode, "pc" weight 30 inside "g" weight 50, four top-level nodes
 * measureShare(r, placed, pcNode).share; //=> { n: 3n, d: 20n } (15% of the total, below 1/4)
 * @category Checking rulesets
 */
export function measureShare(r: Ruleset, placed: readonly PlacedNode[], at: PlacedNode): HegangShare {
  const total = sub(decimal(r.scale.max), decimal(r.scale.min));
  const amount = decimal(nodeAmount(r, at.node));
  const byPath = new Map(placed.map((p) => [p.path.join("/"), p]));
  const chain: PlacedNode[] = [];
  for (let p: PlacedNode | undefined = at; p; p = byPath.get(p.path.slice(0, -2).join("/"))) chain.push(p);
  const weights = r.weighting === "weights" ? chain.map((p) => ({ node: p.node, weight: decimal(nodeAmount(r, p.node)) })) : [];
  const share =
    r.weighting === "points"
      ? div(amount, total)
      : weights.reduce((s, w) => mul(s, div(w.weight, ratio(100n))), ratio(1n));
  const n = r.indicators.length;
  const parent = chain[1]?.node;
  const sum = at.siblings.reduce((s, x) => add(s, decimal(nodeAmount(r, x))), ratio(0n));
  const m = at.siblings.length;
  return {
    mode: r.weighting,
    total,
    share,
    points: mul(share, total),
    weights,
    top: { n, ok: !lessThan(share, ratio(1n, BigInt(n))) },
    // amount >= sum / m, compared as amount * m >= sum.
    ...(parent ? { level: { parent, n: m, sum, amount, ok: !lessThan(mul(amount, ratio(BigInt(m))), sum) } } : {}),
  };
}

/**
 * The sentences that state a share and its averages in the author's units, in one language.
 * @category Checking rulesets
 */
export interface ShareText {
  /** What the indicator is worth, e.g. `is worth 30 of 100 points`, or `has weight 20% × "g" weight 50% = 10% of the total (10 of 100 points)`. */
  readonly share: string;
  /** The average top-level indicator, e.g. `the average of the 4 top-level indicators (100 ÷ 4 = 25 points)`. */
  readonly top: string;
  /** The average of its level inside a group, with its own amount. */
  readonly level?: string;
}

/**
 * States a measured share in the author's own units: declared points or percentage weights,
 * never a share recomputed as a long decimal.
 * @param s - The measured share.
 * @param t - The language.
 * @param name - How a node is named (its id in a diagnostic, its name in a rule book).
 * @returns The sentences.
 * @example
 * shareText(measureShare(r, placed, pcNode), translator("en"), (n) => `"${n.id}"`).top;
 * //=> 'the average of the 4 top-level indicators (100% ÷ 4 = 25%; 100 ÷ 4 = 25 points)'
 * @category Checking rulesets
 */
export function shareText(s: HegangShare, t: Translate, name: (node: IndicatorNodeDef) => string): ShareText {
  const txt = (r: Ratio): string => shown(r).text;
  // "100 ÷ 4 = 25" or "100 ÷ 3 ≈ 33.33", with places enough to differ from the value it is held against.
  const mean = (sum: Ratio, n: number, near: string, unit = ""): string => {
    const v = shown(div(sum, ratio(BigInt(n))), near);
    return `${txt(sum)}${unit} ÷ ${n} ${v.exact ? "=" : "≈"} ${v.text}${unit}`;
  };
  const totalP = txt(s.total);
  const mine = txt(s.points);
  const l = s.level;
  if (s.mode === "points") {
    return {
      share: l
        ? t(`位于${name(l.parent)}下，分值${mine}分（总分${totalP}分）`, `is worth ${mine} of ${totalP} points inside ${name(l.parent)}`)
        : t(`分值${mine}分（总分${totalP}分）`, `is worth ${mine} of ${totalP} points`),
      top: t(`${s.top.n}项一级指标的平均分值（${mean(s.total, s.top.n, mine)}分）`, `the average of the ${s.top.n} top-level indicators (${mean(s.total, s.top.n, mine)} points)`),
      ...(l && {
        level: t(
          `${name(l.parent)}下${l.n}项指标的平均分值（${mean(l.sum, l.n, mine)}分）`,
          `the average of the ${l.n} indicators in ${name(l.parent)} (${mean(l.sum, l.n, mine)} points)`,
        ),
      }),
    };
  }
  const sharePct = txt(mul(s.share, ratio(100n)));
  const chain = s.weights
    .map((w, i) => (i === 0 ? t("权重", "weight ") : t(`${name(w.node)}权重`, `${name(w.node)} weight `)) + `${txt(w.weight)}%`)
    .join(" × ");
  const product = s.weights.length > 1 ? ` = ${sharePct}%` : "";
  const hundred = ratio(100n);
  const ownPct = l ? `${txt(l.amount)}%` : "";
  return {
    share: t(`${chain}，占总分${sharePct}%（${mine}分，总分${totalP}分）`, `has ${chain}${product} of the total (${mine} of ${totalP} points)`),
    top: t(
      `${s.top.n}项一级指标的平均值（${mean(hundred, s.top.n, sharePct, "%")}；${mean(s.total, s.top.n, mine)}分）`,
      `the average of the ${s.top.n} top-level indicators (${mean(hundred, s.top.n, sharePct, "%")}; ${mean(s.total, s.top.n, mine)} points)`,
    ),
    ...(l && {
      level: t(
        `${name(l.parent)}下${l.n}项指标的平均权重（其权重${ownPct}，平均${mean(l.sum, l.n, txt(l.amount), "%")}）`,
        `the average weight of the ${l.n} indicators in ${name(l.parent)} (its ${ownPct} against ${mean(l.sum, l.n, txt(l.amount), "%")})`,
      ),
    }),
  };
}

const en = translator("en");
const quoted = (node: IndicatorNodeDef): string => `"${node.id}"`;

/**
 * Checks the public composite declaration of a ruleset and, where it applies, the Hegang rule.
 * @param r - The ruleset.
 * @param placed - Its indicator tree, placed.
 * @param inputs - Inputs (and readable facts) by id.
 * @param c - Where diagnostics go.
 * @category Checking rulesets
 */
export function checkPublicComposite(r: Ruleset, placed: readonly PlacedNode[], inputs: Map<string, InputDef>, c: Collector): void {
  const pc = r.publicComposite;
  if (!pc && r.kind === "industry") {
    c.add("PUBLIC_COMPOSITE_MISSING", ["publicComposite"], "an industry ruleset must take the public composite evaluation as an indicator (Hegang plan 三(一)3); declare it in publicComposite");
  }
  if (pc?.fallbackGradeInput !== undefined) {
    const input = inputs.get(pc.fallbackGradeInput);
    const path = ["publicComposite", "fallbackGradeInput"];
    if (!input) c.add("UNKNOWN_INPUT", path, `input "${pc.fallbackGradeInput}" is not declared in "inputs"${didYouMean(pc.fallbackGradeInput, inputs.keys())}`);
    else if (input.type !== "category" || !input.values.every((v) => (GRADES as readonly string[]).includes(v))) {
      c.add("INPUT_TYPE_MISMATCH", path, `the fallback grade input "${pc.fallbackGradeInput}" must be a category input whose values are grades A–E`);
    }
  }
  if (pc?.check === false) {
    if (r.kind === "industry") {
      c.add("PUBLIC_COMPOSITE_CHECK_DISABLED", ["publicComposite", "check"], 'an industry ruleset cannot switch the Hegang weight-and-score rule off (Hegang plan 三(一)3 binds every industry evaluation); remove "check": false');
    } else {
      c.add("PUBLIC_COMPOSITE_CHECK_DISABLED", ["publicComposite", "check"], `the Hegang weight-and-score rule is switched off for this ${r.kind} ruleset (Hegang plan 三(一)3 binds industry evaluations)`, "info");
    }
  }
  if (pc) {
    const at = placed.find((p) => p.node.id === pc.indicator);
    if (!at) c.add("PUBLIC_COMPOSITE_MISSING", ["publicComposite", "indicator"], `no indicator has id "${pc.indicator}"`);
    else if (isGroup(at.node) || !scoringInputs(at.node.scoring).some((id) => inputs.get(id)?.type === "score")) {
      c.add("PUBLIC_COMPOSITE_NOT_PASSTHROUGH", at.path, `indicator "${pc.indicator}" must score a score input carrying the public composite result`);
    }
  }
  const indicators = publicCompositeIndicators(r, placed, inputs);
  if (!hegangApplies(r, indicators.length > 0)) return;
  for (const { at, via } of indicators) {
    const s = measureShare(r, placed, at);
    if (s.top.ok && (s.level?.ok ?? true)) continue;
    const text = shareText(s, en, quoted);
    const who = via === undefined
      ? `the public composite indicator "${at.node.id}"`
      : `the indicator "${at.node.id}", which scores the public composite input "${via}",`;
    const below = [...(s.top.ok ? [] : [`below ${text.top}`]), ...(s.level && !s.level.ok ? [`below ${text.level}`] : [])];
    c.add(
      "PUBLIC_COMPOSITE_BELOW_MEAN",
      at.path,
      `${who} ${text.share}, ${below.join(" and ")}; Hegang plan 三(一)3 requires its weight and score (分值) to be at least the average`,
    );
  }
}
