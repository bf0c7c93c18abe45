/**
 * The lean grading path (精简评级): `compiled.grade`, the same grade as `evaluate` without the
 * explanation. It repeats `evaluate`'s steps over buffers prepared once per ruleset (indicator
 * inputs, rule facts by slot, fired flags, points lost), so that the only allocations left per
 * subject are the fact derivation's (when the ruleset has records) and the result itself.
 * Evaluation is synchronous and calls no host code, so sharing the buffers is safe.
 * @module
 */
import { isIsoDate } from "../../base/date.js";
import { compileSlotCondition, type ConditionDef } from "../../format/condition.js";
import { CreditGradingError } from "../../base/errors.js";
import type { FactSlots } from "../../format/fact.js";
import { gradeClass, type Grade } from "../../base/grade.js";
import { effectPosition, type LabelScale } from "../../format/labels.js";
import type { AppliedMeasure, GradeMeasures } from "../../format/measure.js";
import { type CompiledRule, decidedByOf, fallbackPosition, resetTally, resolvePosition, tallyEffect } from "../../format/rule.js";
import type { BandMatch, GradeOptions, GradeResult, MissingTreatment, Reason, RulesetRef, SafeGradeResult } from "../types.js";
import { fromUnits, type RoundingPolicy, toUnits } from "../../base/rounding.js";
import type { Ruleset } from "../../format/ruleset-schema.js";
import { NoMatch } from "../../format/scoring.js";
import type { Subject } from "../../format/subject.js";
import type { BoundLeaf } from "./score-leaf.js";
import type { ScoringKernel } from "./kernel.js";
import type { GeneratedDerive } from "./kernel-facts.js";
import { generateRules } from "./kernel-rules.js";
import { idOrderOf, rankTop, reasonCount } from "../reasons-old.js";
import { assertInEffect } from "../../format/ruleset.js";

/** A band of the ruleset's scale, its bounds in integer rounding units. */
export interface CompiledBand {
  /** The band as results report it. */
  readonly match: BandMatch;
  /** The label position it gives (see `label.ts`). */
  readonly position: number;
  /** The lower bound in units. */
  readonly minUnits: number;
  /** The upper bound in units. */
  readonly maxUnits: number;
}

/** What `compileRuleset` prepares once and shares with the lean path: compiled parts and per-subject buffers. */
export interface LeanGradeContext {
  /** The validated, frozen ruleset. */
  readonly ruleset: Ruleset;
  /** The ruleset's reference, stamped on every result. */
  readonly ref: RulesetRef;
  /** The ruleset's rounding policy. */
  readonly policy: RoundingPolicy;
  /** Validates a subject, filling `inputValues` with its declared inputs. */
  readonly checkSubject: (subject: unknown, inputValues?: unknown[]) => Subject;
  /** Reads a subject without validation, filling `inputValues` with its declared inputs. */
  readonly readUnchecked: (raw: unknown) => Subject;
  /** The declared inputs' values of the current subject, by declaration index. */
  readonly inputValues: unknown[];
  /** The derived facts' values of the current subject, by slot. */
  readonly derivedValues: unknown[];
  /** The fact derivation, when the ruleset has records or derived facts. */
  readonly factSlots: FactSlots | undefined;
  /** The indicator leaves in tree order, bound to their input sources. */
  readonly boundLeaves: readonly BoundLeaf[];
  /** The compiled rules, in declaration order. */
  readonly rules: readonly CompiledRule[];
  /** The ruleset's named conditions. */
  readonly named: ReadonlyMap<string, ConditionDef>;
  /** The facts the rules read, each once. */
  readonly ruleFactNames: readonly string[];
  /** Where each rule fact comes from: 0 input, 1 derived fact, 2 asOf, 3 subjectId, 4 by name. */
  readonly ruleFactKinds: Uint8Array;
  /** The index or slot within that source, per rule fact. */
  readonly ruleFactAt: Int32Array;
  /** The scale's bands, best grade first. */
  readonly bands: readonly CompiledBand[];
  /** The band a total (in units) falls in. */
  readonly bandOf: (units: number) => CompiledBand | undefined;
  /** The scheme's labels, best first, with their canonical grades. */
  readonly labelScale: LabelScale;
  /** The measures and sampling policy of each label position. */
  readonly labelMeasures: readonly GradeMeasures[];
  /** The input holding a public composite grade to fall back on, if any. */
  readonly fallbackInput: string | undefined;
  /** The scale's minimum in units. */
  readonly scaleMinUnits: number;
  /** The scale's maximum in units. */
  readonly scaleMaxUnits: number;
  /** The inputs of a subject without any. */
  readonly emptyInputs: Readonly<Record<string, unknown>>;
  /** The generated scoring kernel, when one was built (else the loop below scores). */
  readonly kernel: ScoringKernel | undefined;
  /** The generated derivation of facts, when one was built (else `factSlots.derive`). */
  readonly derive: GeneratedDerive | undefined;
}

/** The lean path's two entry points, as `CompiledRuleset` exposes them. */
export interface LeanGrade {
  /** Grades one subject (throws on an invalid subject or options). */
  readonly grade: (raw: unknown, options: GradeOptions) => GradeResult;
  /** Grades one subject, returning errors of the library as data. */
  readonly safeGrade: (raw: unknown, options: GradeOptions) => SafeGradeResult;
  /** The generated rule phases, for `evaluate` when it is not traced (undefined without code generation). */
  readonly rulePhases: RulePhases | undefined;
}

/**
 * The rules of a ruleset run by slot with the generated conditions, in the two phases of an
 * evaluation, over the input and derived-fact values `evaluate` has just read.
 */
export interface RulePhases {
  /** Runs the rules before banding (adjust-points); returns the adjustment in units. */
  readonly before: (inputs: Readonly<Record<string, unknown>>, subjectId: string, asOf: string) => number;
  /** Runs the rules after banding, with the score and score grade as facts. */
  readonly after: (asOf: string, score: number | undefined, scoreGrade: Grade | undefined) => void;
  /** Which rules fired (by declaration index), after both phases. */
  readonly fired: Uint8Array;
  /** The values of the facts rule i reads, as its outcome reports them. */
  readonly factsOf: (i: number) => Record<string, unknown>;
}

/**
 * Compiles the lean grading path of a ruleset over the state `compileRuleset` prepared.
 * @param ctx - The compiled ruleset's shared parts and buffers.
 * @returns `grade`, `safeGrade` and the rule phases `evaluate` shares
 * (`compileLeanGrade(ctx).grade(subject, { asOf: "2025-12-31" }).grade` is e.g. "B").
 */
export function compileLeanGrade(ctx: LeanGradeContext): LeanGrade {
  const { ruleset, ref, policy, checkSubject, readUnchecked, inputValues, derivedValues, factSlots, boundLeaves, rules, named } = ctx;
  const { ruleFactNames, ruleFactKinds, ruleFactAt, bands, bandOf, labelScale, labelMeasures, fallbackInput, scaleMinUnits, scaleMaxUnits } = ctx;
  const EMPTY_INPUTS = ctx.emptyInputs;
  const kernel = ctx.kernel;
  const leanDerive = ctx.derive;
  const leaves = boundLeaves.map((l) => l.leaf);
  // `grade` runs the rules compiled to read facts by slot from one reused array (slot i holds
  // ruleFactNames[i]), filled from the same sources as `evaluate`'s fact object.
  const ruleVals = new Array<unknown>(ruleFactNames.length).fill(undefined);
  const ruleSlot = new Map(ruleFactNames.map((name, i) => [name, i]));
  const slotConditions = rules.map((r) => compileSlotCondition(r.def.conditions, named, (name) => ruleSlot.get(name)!));
  const scoreSlot = ruleSlot.get("score") ?? -1;
  const scoreGradeSlot = ruleSlot.get("scoreGrade") ?? -1;
  const fired = new Uint8Array(rules.length);
  const beforeIdx = rules.flatMap((r, i) => (r.beforeBanding ? [i] : []));
  const afterIdx = rules.flatMap((r, i) => (r.beforeBanding ? [] : [i]));
  const ruleAdjustUnits = rules.map((r) => (r.def.effect.type === "adjust-points" ? toUnits(r.def.effect.points, policy) : 0));
  // Each rule's effect as a label position (label.ts), tallied by rule.ts's precedence.
  const ruleEffectType = rules.map((r) => r.def.effect.type);
  const ruleEffectPosition = Int32Array.from(rules, ({ def: { effect: e } }) => (e.type === "set-grade" || e.type === "cap" || e.type === "floor" ? effectPosition(labelScale, e) : -1));
  const tally = resetTally();
  const positions = labelScale.entries;
  const gradeOf = positions.map((e) => e.grade);
  const labelOf = positions.map((e) => e.label);
  const classOf = positions.map((e) => gradeClass(e.grade));
  const bandPositions = bands.map((b) => b.position);
  const NO_RULES: readonly string[] = Object.freeze([]);
  const scale = policy.scale;
  // Reason codes in `grade`: points lost per indicator (units, reused), the indicators ranked
  // as `evaluate`'s `rankReasons` ranks them (most points lost, then id), without indicator result objects.
  const lostUnits = new Float64Array(leaves.length);
  const topIdx = new Int32Array(leaves.length);
  const idOrder = idOrderOf(leaves.map((leaf) => leaf.id));
  const NO_REASONS: readonly Reason[] = Object.freeze([]);
  const NO_MEASURES: readonly AppliedMeasure[] = Object.freeze([]);
  const measuresOf = labelMeasures.map((m) => m.measures);
  // With the other kernels, the rules are generated too (_kernel-rules.ts).
  const genRules =
    kernel === undefined || rules.length === 0
      ? undefined
      : generateRules({
          conditions: rules.map((r) => r.def.conditions),
          named,
          slotOf: (name) => ruleSlot.get(name)!,
          before: beforeIdx,
          after: afterIdx,
          adjustUnits: ruleAdjustUnits,
          factKinds: ruleFactKinds,
          factAt: ruleFactAt,
          factNames: ruleFactNames,
        });

  let checkedAsOf = "";

  // The closures' scoring (no generated kernel): the total in units, or undefined when the
  // subject cannot be scored; the points lost per leaf into lostUnits.
  const scoreByClosures = (inputs: Readonly<Record<string, unknown>>): number | undefined => {
    let totalUnits = scaleMinUnits;
    for (let l = 0; l < boundLeaves.length; l++) {
      const { leaf, buf, kind, at, onMissing } = boundLeaves[l]!;
      const ids = leaf.inputIds;
      let missing: MissingTreatment | null = null;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        const k = kind[i]!;
        const v = k === 0 ? inputValues[at[i]!] : k === 1 ? derivedValues[at[i]!] : Object.hasOwn(inputs, id) ? inputs[id] : undefined;
        if (v === undefined || v === null) {
          if (typeof onMissing === "object") {
            buf[i] = onMissing.impute;
            missing = "imputed";
          } else {
            missing = missing === "not-gradable" || onMissing === "not-gradable" ? "not-gradable" : "worst";
          }
        } else buf[i] = v;
      }
      let score: number;
      if (missing === "not-gradable") return undefined;
      if (missing === "worst") score = leaf.worst;
      else {
        try {
          score = leaf.scorer(buf);
        } catch (e) {
          if (e instanceof NoMatch) return undefined;
          throw e;
        }
      }
      const scoreUnits = toUnits(score, policy);
      const contributionUnits = leaf.pointsMode ? scoreUnits : toUnits((fromUnits(scoreUnits, scale) * leaf.maxPoints) / leaf.outOf, policy);
      totalUnits += contributionUnits;
      lostUnits[l] = leaf.maxUnits - contributionUnits;
    }
    return totalUnits;
  };

  // The closures' rule phases (no generated rules): as the generated fill + before, and after.
  const beforeByClosures = (inputs: Readonly<Record<string, unknown>>, subjectId: string, asOf: string): number => {
    for (let i = 0; i < ruleFactNames.length; i++) {
      const k = ruleFactKinds[i]!;
      const at = ruleFactAt[i]!;
      ruleVals[i] =
        k === 0 ? inputValues[at] : k === 1 ? derivedValues[at] : k === 2 ? asOf : k === 3 ? subjectId : Object.hasOwn(inputs, ruleFactNames[i]!) ? inputs[ruleFactNames[i]!] : undefined;
    }
    let adjustmentUnits = 0;
    for (let k = 0; k < beforeIdx.length; k++) {
      const i = beforeIdx[k]!;
      const hit = slotConditions[i]!(ruleVals, asOf);
      fired[i] = hit ? 1 : 0;
      if (hit) adjustmentUnits += ruleAdjustUnits[i]!;
    }
    return adjustmentUnits;
  };
  const afterByClosures = (asOf: string): void => {
    for (let k = 0; k < afterIdx.length; k++) {
      const i = afterIdx[k]!;
      fired[i] = slotConditions[i]!(ruleVals, asOf) ? 1 : 0;
    }
  };

  const grade = (raw: unknown, options: GradeOptions): GradeResult => {
    const asOf = options.asOf;
    if (asOf !== checkedAsOf) {
      if (!isIsoDate(asOf)) {
        throw new CreditGradingError("INVALID_OPTIONS", `asOf must be a date YYYY-MM-DD, received ${JSON.stringify(asOf)}`);
      }
      checkedAsOf = asOf;
    }
    if (!options.allowOutOfEffect) assertInEffect(ruleset, asOf);
    const subject = options.validate === false ? readUnchecked(raw) : checkSubject(raw, inputValues);
    const inputs = subject.inputs ?? EMPTY_INPUTS;
    if (leanDerive !== undefined) leanDerive(subject.records ?? [], asOf, derivedValues);
    else if (factSlots) factSlots.derive(subject.records ?? [], asOf, derivedValues, undefined);

    // Indicators: the same steps as `scoreLeaf` (_score-leaf.ts), without the result objects,
    // by the generated kernel or by the loop over the bound leaves.
    let scored = true;
    let totalUnits = scaleMinUnits;
    const t = kernel !== undefined ? kernel.score(inputValues, derivedValues, inputs, lostUnits) : scoreByClosures(inputs);
    if (t === undefined) scored = false;
    else totalUnits = t;
    // Reason codes: the top `maxReasons` indicators by points lost (then by id), by insertion.
    let reasons = NO_REASONS;
    const wanted = scored ? reasonCount(options.maxReasons, leaves.length) : 0;
    if (wanted > 0) {
      const n = rankTop(lostUnits, idOrder, leaves.length, wanted, topIdx);
      if (n > 0) {
        const list: Reason[] = new Array(n);
        for (let r = 0; r < n; r++) {
          const leaf = leaves[topIdx[r]!]!;
          list[r] = { rank: r + 1, indicator: leaf.id, name: leaf.name, pointsLost: fromUnits(lostUnits[topIdx[r]!]!, scale) };
        }
        reasons = list;
      }
    }

    // Rules, in the two phases of `evaluate`, over one reused array of fact values.
    let adjustmentUnits = 0;
    if (genRules !== undefined) {
      genRules.fill(inputValues, derivedValues, asOf, subject.id, inputs, ruleVals);
      adjustmentUnits = genRules.before(ruleVals, asOf, fired);
    } else if (rules.length > 0) adjustmentUnits = beforeByClosures(inputs, subject.id, asOf);
    let scoreUnits: number | null = null;
    let scorePosition = -1;
    if (scored) {
      scoreUnits = totalUnits + adjustmentUnits;
      if (scoreUnits > scaleMaxUnits) scoreUnits = scaleMaxUnits;
      if (scoreUnits < scaleMinUnits) scoreUnits = scaleMinUnits;
      const band = bandOf(scoreUnits);
      if (!band) throw new Error(`no band for total ${fromUnits(scoreUnits, scale)} in ${ruleset.id}`);
      scorePosition = bandPositions[band.match.index]!;
    }
    resetTally(tally);
    let firedIds: string[] | undefined;
    if (rules.length > 0) {
      if (scoreSlot >= 0) ruleVals[scoreSlot] = scoreUnits === null ? undefined : fromUnits(scoreUnits, scale);
      if (scoreGradeSlot >= 0) ruleVals[scoreGradeSlot] = scorePosition < 0 ? undefined : gradeOf[scorePosition];
      if (genRules !== undefined) genRules.after(ruleVals, asOf, fired);
      else afterByClosures(asOf);
      for (let i = 0; i < rules.length; i++) {
        if (fired[i] === 0) continue;
        (firedIds ??= []).push(rules[i]!.def.id);
        tallyEffect(tally, ruleEffectType[i]!, ruleEffectPosition[i]!);
      }
    }
    let position = resolvePosition(scorePosition, tally);
    let decidedBy: GradeResult["decidedBy"] = position < 0 ? "not-gradable" : decidedByOf(scorePosition, tally);
    let label: string | null = null;
    if (position < 0 && fallbackInput !== undefined) {
      position = fallbackPosition(labelScale, tally, Object.hasOwn(inputs, fallbackInput) ? inputs[fallbackInput] : undefined);
      if (position >= 0) {
        decidedBy = "public-composite-fallback";
        label = gradeOf[position]!;
      }
    }
    if (position >= 0 && label === null) label = labelOf[position]!;
    return {
      subjectId: subject.id,
      ruleset: ref,
      asOf,
      gradable: position >= 0,
      grade: position >= 0 ? gradeOf[position]! : null,
      label,
      class: position >= 0 ? classOf[position]! : null,
      score: scoreUnits === null ? null : fromUnits(scoreUnits, scale),
      scoreGrade: scorePosition >= 0 ? gradeOf[scorePosition]! : null,
      adjustment: fromUnits(adjustmentUnits, scale),
      decidedBy,
      rules: firedIds ?? NO_RULES,
      reasons,
      measures: position >= 0 ? measuresOf[position]! : NO_MEASURES,
    };
  };

  const safeGrade = (raw: unknown, options: GradeOptions): SafeGradeResult => {
    try {
      return { success: true, data: grade(raw, options) };
    } catch (error) {
      if (error instanceof CreditGradingError) return { success: false, error };
      throw error;
    }
  };
  const ruleFactSlots = rules.map((r) => r.facts.map((name) => ruleSlot.get(name)!));
  const rulePhases: RulePhases | undefined = genRules && {
    before: (inputs, subjectId, asOf) => {
      genRules.fill(inputValues, derivedValues, asOf, subjectId, inputs, ruleVals);
      return genRules.before(ruleVals, asOf, fired);
    },
    after: (asOf, score, scoreGrade) => {
      if (scoreSlot >= 0) ruleVals[scoreSlot] = score;
      if (scoreGradeSlot >= 0) ruleVals[scoreGradeSlot] = scoreGrade;
      genRules.after(ruleVals, asOf, fired);
    },
    fired,
    factsOf: (i) => {
      const names = rules[i]!.facts;
      const slots = ruleFactSlots[i]!;
      const facts: Record<string, unknown> = {};
      for (let k = 0; k < names.length; k++) facts[names[k]!] = ruleVals[slots[k]!];
      return facts;
    },
  };
  return { grade, safeGrade, rulePhases };
}
