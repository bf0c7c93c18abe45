/**
 * The Hegang rule (鹤信用发〔2022〕2号 三(一)3): an industry evaluation takes the public
 * composite evaluation as one of its indicators, and its weight and its score (分值) are not
 * lower than the average of its level.
 * @module
 */
import type { Collector } from "./_collector.js";
import { GRADES } from "./grade.js";
import { nodeAmount, type PlacedNode, scoringInputs } from "./indicator.js";
import { nearlyEqual, round9 } from "./rounding.js";
import { type InputDef, isGroup, type Ruleset } from "./ruleset-schema.js";


/**
 * Checks the public composite declaration of a ruleset and, where it applies, the Hegang rule.
 * @param r - The ruleset.
 * @param placed - Its indicator tree, placed.
 * @param inputs - Inputs (and readable facts) by id.
 * @param c - Where diagnostics go.
 */
export function checkPublicComposite(r: Ruleset, placed: readonly PlacedNode[], inputs: Map<string, InputDef>, c: Collector): void {
  const pc = r.publicComposite;
  if (!pc) {
    if (r.kind === "industry") {
      c.add("PUBLIC_COMPOSITE_MISSING", ["publicComposite"], "an industry ruleset must take the public composite evaluation as an indicator (Hegang plan 三(一)3); declare it in publicComposite");
    }
    return;
  }
  if (pc.fallbackGradeInput !== undefined) {
    const input = inputs.get(pc.fallbackGradeInput);
    const path = ["publicComposite", "fallbackGradeInput"];
    if (!input) c.add("UNKNOWN_INPUT", path, `input "${pc.fallbackGradeInput}" is not declared in "inputs"`);
    else if (input.type !== "category" || !input.values.every((v) => (GRADES as readonly string[]).includes(v))) {
      c.add("INPUT_TYPE_MISMATCH", path, `the fallback grade input "${pc.fallbackGradeInput}" must be a category input whose values are grades A–E`);
    }
  }
  const enforce = pc.check ?? r.kind === "industry";
  if (r.kind === "industry" && pc.check === false) {
    c.add("PUBLIC_COMPOSITE_CHECK_DISABLED", ["publicComposite", "check"], "the Hegang weight-and-score rule is switched off for this industry ruleset", "info");
  }
  const at = placed.find((p) => p.node.id === pc.indicator);
  if (!at) {
    c.add("PUBLIC_COMPOSITE_MISSING", ["publicComposite", "indicator"], `no indicator has id "${pc.indicator}"`);
    return;
  }
  if (isGroup(at.node) || !scoringInputs(at.node.scoring).some((id) => inputs.get(id)?.type === "score")) {
    c.add("PUBLIC_COMPOSITE_NOT_PASSTHROUGH", at.path, `indicator "${pc.indicator}" must score a score input carrying the public composite result`);
  }
  if (!enforce) return;
  const n = at.siblings.length;
  const amounts = at.siblings.map((s) => nodeAmount(r, s));
  const sum = amounts.reduce((a, b) => a + b, 0);
  const mine = nodeAmount(r, at.node);
  const meanAmount = sum / n;
  const meanPoints = at.maxPoints === 0 ? 0 : (at.maxPoints / mine) * meanAmount;
  // w >= mean(all siblings) is the same test as w >= mean(the others); compare n*w with the sum to stay exact.
  if (mine * n < sum && !nearlyEqual(mine * n, sum)) {
    c.add(
      "PUBLIC_COMPOSITE_BELOW_MEAN",
      at.path,
      `the public composite indicator "${pc.indicator}" has weight ${round9((mine / sum) * 100)}% and ${round9(at.maxPoints)} points, below the average of its level (${round9(100 / n)}%, ${round9(meanPoints)} points); Hegang plan 三(一)3 requires both to be at least the average`,
    );
  }
}
