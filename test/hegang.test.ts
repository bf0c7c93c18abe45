/**
 * The Hegang rule (R3, plan 三(一)3): 「公共信用综合评价指标权重和分值不得低于平均值」. The public
 * composite (PC) indicator's share of the total score (its points over the scale, or the product
 * of its weight and every ancestor's weight) is at least the average top-level share, 1 / n, and,
 * inside a group, its amount is at least the average of its siblings. Expected outcomes are worked
 * by hand, or in the property test with integer arithmetic written here, not by the library.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Diagnostic, type IndicatorNodeDef, type Ruleset, validateRuleset } from "../src/index.js";

type Mode = Ruleset["weighting"];

interface LevelSpec {
  /** Points (points mode) or weights (weights mode) of the level's members, in order. */
  amounts: readonly number[];
  /** Which member is the public composite indicator. */
  pcIndex: number;
  mode: Mode;
  scaleMax?: number;
  kind?: Ruleset["kind"];
  check?: boolean;
}

const amountKey = (mode: Mode): "points" | "weight" => (mode === "points" ? "points" : "weight");

const leaf = (id: string, mode: Mode, amount: number): IndicatorNodeDef => ({
  id,
  name: { zh: `指标${id}`, en: `indicator ${id}` },
  [amountKey(mode)]: amount,
  scoring: { type: "linear", input: "x", min: 0, max: 10, direction: "higher-better" },
});
const pcLeaf = (mode: Mode, amount: number, input = "publicScore", id = "pc"): IndicatorNodeDef => ({
  id,
  name: { zh: "公共信用综合评价", en: "public composite" },
  [amountKey(mode)]: amount,
  scoring: { type: "passthrough", input },
});
const group = (id: string, mode: Mode, amount: number, children: IndicatorNodeDef[]): IndicatorNodeDef => ({
  id,
  name: { zh: `组${id}`, en: `group ${id}` },
  [amountKey(mode)]: amount,
  children,
});

/** Members of one level: the public composite passthrough at `pcIndex`, linear indicators elsewhere. */
function members(amounts: readonly number[], pcIndex: number, mode: Mode, prefix = "s"): IndicatorNodeDef[] {
  return amounts.map((a, i) => (i === pcIndex ? pcLeaf(mode, a) : leaf(`${prefix}${i}`, mode, a)));
}

function bands(scaleMax: number): Ruleset["bands"] {
  const at = (f: number): number => (scaleMax * f) / 100;
  return [
    { grade: "A", min: at(90), max: at(100) },
    { grade: "B", min: at(75), max: at(90) },
    { grade: "C", min: at(60), max: at(75) },
    { grade: "D", min: at(40), max: at(60) },
    { grade: "E", min: at(0), max: at(40) },
  ];
}

/** A ruleset whose top level is the given nodes; otherwise valid. */
function rulesetWith(indicators: IndicatorNodeDef[], spec: Omit<LevelSpec, "amounts" | "pcIndex">, declare = true): Ruleset {
  const scaleMax = spec.scaleMax ?? 100;
  return {
    formatVersion: 1,
    id: "hegang",
    scheme: "hegang",
    kind: spec.kind ?? "industry",
    name: { zh: "鹤岗", en: "Hegang" },
    version: "1.0.0",
    effective: { from: "2025-01-01" },
    scale: { min: 0, max: scaleMax },
    rounding: { scale: 2, mode: "half-up" },
    weighting: spec.mode,
    inputs: [
      { id: "publicScore", type: "score", min: 0, max: 100, role: "public-composite" },
      { id: "x", type: "number", min: 0 },
    ],
    indicators,
    bands: bands(scaleMax),
    ...(declare ? { publicComposite: { indicator: "pc", ...(spec.check === undefined ? {} : { check: spec.check }) } } : {}),
  };
}

const levelRuleset = (spec: LevelSpec): Ruleset => rulesetWith(members(spec.amounts, spec.pcIndex, spec.mode), spec);

const codes = (r: Ruleset): string[] => validateRuleset(r).diagnostics.map((d) => d.code);
const belowMean = (r: Ruleset): Diagnostic[] =>
  validateRuleset(r).diagnostics.filter((d) => d.code === "PUBLIC_COMPOSITE_BELOW_MEAN");
const REQUIRES = "; Hegang plan 三(一)3 requires its weight and score (分值) to be at least the average";

describe("the Hegang rule, by hand", () => {
  it("exactly at the average passes (points, weights, scale 1000)", () => {
    expect(codes(levelRuleset({ amounts: [25, 25, 25, 25], pcIndex: 0, mode: "points" }))).toEqual([]);
    expect(codes(levelRuleset({ amounts: [10, 25, 40, 25], pcIndex: 1, mode: "points" }))).toEqual([]);
    expect(codes(levelRuleset({ amounts: [20, 20, 20, 20, 20], pcIndex: 4, mode: "weights" }))).toEqual([]);
    expect(codes(levelRuleset({ amounts: [200, 100, 300, 150, 250], pcIndex: 0, mode: "points", scaleMax: 1000 }))).toEqual([]);
  });

  it("just below the average fails, at the PC indicator's path, in points of the scale", () => {
    const r = levelRuleset({ amounts: [26, 25, 24, 25], pcIndex: 2, mode: "points" });
    const d = belowMean(r);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ path: ["indicators", 2], severity: "error" });
    expect(d[0]?.message).toBe(
      `the public composite indicator "pc" is worth 24 of 100 points, below the average of the 4 top-level indicators (100 ÷ 4 = 25 points)${REQUIRES}`,
    );
    expect(validateRuleset(r).valid).toBe(false);
    expect(codes(r)).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
  });

  it("just below the average in weights mode, with fractional weights, in the declared percentages", () => {
    const r = levelRuleset({ amounts: [25.01, 24.99, 25, 25], pcIndex: 1, mode: "weights", scaleMax: 1000 });
    expect(belowMean(r).map((d) => d.message)).toEqual([
      // 24.99% of 1000 points is 249.9 points, against an average of 250.
      `the public composite indicator "pc" has weight 24.99% of the total (249.9 of 1000 points), below the average of the 4 top-level indicators (100% ÷ 4 = 25%; 1000 ÷ 4 = 250 points)${REQUIRES}`,
    ]);
    expect(codes(levelRuleset({ amounts: [24.99, 25.01, 25, 25], pcIndex: 1, mode: "weights" }))).toEqual([]);
  });

  it("a third of 100 points: 33 fails, 34 passes, and 33.33 is told apart from the average", () => {
    expect(belowMean(levelRuleset({ amounts: [33, 33, 34], pcIndex: 0, mode: "points" })).map((d) => d.message)).toEqual([
      `the public composite indicator "pc" is worth 33 of 100 points, below the average of the 3 top-level indicators (100 ÷ 3 ≈ 33.33 points)${REQUIRES}`,
    ]);
    expect(codes(levelRuleset({ amounts: [34, 33, 33], pcIndex: 0, mode: "points" }))).toEqual([]);
    // Two decimals would print the average as 33.33, the PC's own number: the average gets a third.
    expect(belowMean(levelRuleset({ amounts: [33.33, 33.33, 33.34], pcIndex: 0, mode: "points" }))[0]?.message).toContain(
      "is worth 33.33 of 100 points, below the average of the 3 top-level indicators (100 ÷ 3 ≈ 33.333 points)",
    );
  });

  it("equality is exact where floating point drifts: 4.1 of 12.3 points among 3, weight 62.5% × 80% = 50%", () => {
    // In binary 4.1 / 12.3 * 3 is 0.9999999999999999; as written it is exactly a third of the scale.
    for (const [amounts, scaleMax] of [[[4.1, 4.1, 4.1], 12.3], [[0.3, 0.3, 0.3, 0.3, 0.3], 1.5], [[0.1, 0.1, 0.1], 0.3]] as const) {
      const r = levelRuleset({ amounts: [...amounts], pcIndex: 0, mode: "points", scaleMax });
      r.bands = [{ grade: "A", min: 0, max: scaleMax }];
      expect(codes(r), String(scaleMax)).toEqual([]);
    }
    const nested = rulesetWith([group("g", "weights", 80, [pcLeaf("weights", 62.5), leaf("a", "weights", 37.5)]), leaf("b", "weights", 20)], {
      mode: "weights",
    });
    expect(codes(nested)).toEqual([]);
  });
});

describe("the Hegang rule cannot be dodged by nesting (issue #12)", () => {
  it("5 of 100 points inside a small group fails, though it equals its siblings' average", () => {
    const r = rulesetWith(
      [group("grp", "points", 10, [pcLeaf("points", 5), leaf("a", "points", 5)]), leaf("b", "points", 30), leaf("c", "points", 30), leaf("d", "points", 30)],
      { mode: "points" },
    );
    const d = belowMean(r);
    expect(d.map((x) => [x.path, x.message])).toEqual([
      [
        ["indicators", 0, "children", 0],
        `the public composite indicator "pc" is worth 5 of 100 points inside "grp", below the average of the 4 top-level indicators (100 ÷ 4 = 25 points)${REQUIRES}`,
      ],
    ]);
    expect(codes(r)).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
  });

  it("the only child of a 1-point group fails", () => {
    const r = rulesetWith([group("grp", "points", 1, [pcLeaf("points", 1)]), leaf("b", "points", 99)], { mode: "points" });
    expect(belowMean(r).map((x) => x.message)).toEqual([
      `the public composite indicator "pc" is worth 1 of 100 points inside "grp", below the average of the 2 top-level indicators (100 ÷ 2 = 50 points)${REQUIRES}`,
    ]);
    // The same in weights mode: 100% of a 1% group is 1% of the total.
    const w = rulesetWith([group("grp", "weights", 1, [pcLeaf("weights", 100)]), leaf("b", "weights", 99)], { mode: "weights" });
    expect(belowMean(w).map((x) => x.message)).toEqual([
      `the public composite indicator "pc" has weight 100% × "grp" weight 1% = 1% of the total (1 of 100 points), below the average of the 2 top-level indicators (100% ÷ 2 = 50%; 100 ÷ 2 = 50 points)${REQUIRES}`,
    ]);
  });

  it("nested in weights mode: the product of the weights down the tree, in the declared percentages", () => {
    // 50% × 50% × 80% = 20% of the total, against an average of 100% / 4 = 25%; inside "sub" it is at its siblings' average.
    const sub = group("sub", "weights", 50, [pcLeaf("weights", 50), leaf("a", "weights", 50)]);
    const r = rulesetWith([group("grp", "weights", 80, [sub, leaf("b", "weights", 50)]), leaf("c", "weights", 10), leaf("d", "weights", 5), leaf("e", "weights", 5)], {
      mode: "weights",
      scaleMax: 1000,
    });
    expect(belowMean(r).map((x) => [x.path, x.message])).toEqual([
      [
        ["indicators", 0, "children", 0, "children", 0],
        `the public composite indicator "pc" has weight 50% × "sub" weight 50% × "grp" weight 80% = 20% of the total (200 of 1000 points), below the average of the 4 top-level indicators (100% ÷ 4 = 25%; 1000 ÷ 4 = 250 points)${REQUIRES}`,
      ],
    ]);
  });

  it("inside a group it must also reach its siblings' average, even with a large share of the total", () => {
    // 30 of 100 points is above the top-level average of 25, but below its group's average of 35.
    const r = rulesetWith([group("grp", "points", 70, [pcLeaf("points", 30), leaf("a", "points", 40)]), leaf("b", "points", 10), leaf("c", "points", 10), leaf("d", "points", 10)], {
      mode: "points",
    });
    expect(belowMean(r).map((x) => x.message)).toEqual([
      `the public composite indicator "pc" is worth 30 of 100 points inside "grp", below the average of the 2 indicators in "grp" (70 ÷ 2 = 35 points)${REQUIRES}`,
    ]);
    const w = rulesetWith([group("grp", "weights", 70, [pcLeaf("weights", 40), leaf("a", "weights", 60)]), leaf("b", "weights", 30)], { mode: "weights" });
    // 40% × 70% = 28% against 50%, and 40% against 50% in the group: both reported in one diagnostic.
    expect(belowMean(w).map((x) => x.message)).toEqual([
      `the public composite indicator "pc" has weight 40% × "grp" weight 70% = 28% of the total (28 of 100 points), below the average of the 2 top-level indicators (100% ÷ 2 = 50%; 100 ÷ 2 = 50 points) and below the average weight of the 2 indicators in "grp" (its 40% against 100% ÷ 2 = 50%)${REQUIRES}`,
    ]);
  });

  it("nested at or above both averages passes", () => {
    const r = rulesetWith([group("grp", "points", 80, [pcLeaf("points", 50), leaf("a", "points", 30)]), leaf("b", "points", 20)], { mode: "points" });
    expect(codes(r)).toEqual([]);
  });

  it("a level of one passes at the top: the PC is the whole score", () => {
    // Only the PC: the other input is read by nothing, which is a warning, not a Hegang fault.
    expect(codes(levelRuleset({ amounts: [100], pcIndex: 0, mode: "points" }))).toEqual(["UNUSED_INPUT"]);
    expect(codes(levelRuleset({ amounts: [100], pcIndex: 0, mode: "weights" }))).toEqual(["UNUSED_INPUT"]);
  });
});

describe("when the Hegang rule applies", () => {
  const low = { amounts: [10, 45, 45], pcIndex: 0, mode: "points" } as const;

  it("check:false in an industry ruleset is an error, and the rule is checked all the same", () => {
    const r = levelRuleset({ ...low, check: false });
    const { valid, diagnostics } = validateRuleset(r);
    expect(valid).toBe(false);
    expect(diagnostics.map((d) => [d.code, d.path, d.severity])).toEqual([
      ["PUBLIC_COMPOSITE_CHECK_DISABLED", ["publicComposite", "check"], "error"],
      ["PUBLIC_COMPOSITE_BELOW_MEAN", ["indicators", 0], "error"],
    ]);
    expect(diagnostics[0]?.message).toBe(
      'an industry ruleset cannot switch the Hegang weight-and-score rule off (Hegang plan 三(一)3 binds every industry evaluation); remove "check": false',
    );
    // Even where the share is fine, check:false is refused.
    expect(codes(levelRuleset({ amounts: [40, 30, 30], pcIndex: 0, mode: "points", check: false }))).toEqual(["PUBLIC_COMPOSITE_CHECK_DISABLED"]);
    // check:true is the same as leaving it out.
    expect(codes(levelRuleset({ ...low, check: true }))).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
    expect(codes(levelRuleset(low))).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
  });

  it("a ruleset of another kind that takes the PC as an indicator is checked unless check:false, which leaves an info note", () => {
    for (const kind of ["market", "other", "public-composite"] as const) {
      expect(codes(levelRuleset({ ...low, kind })), kind).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
      expect(codes(levelRuleset({ ...low, kind, mode: "weights", check: true })), kind).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
      const off = validateRuleset(levelRuleset({ ...low, kind, check: false }));
      expect(off.valid, kind).toBe(true);
      expect(off.diagnostics, kind).toEqual([
        {
          code: "PUBLIC_COMPOSITE_CHECK_DISABLED",
          path: ["publicComposite", "check"],
          severity: "info",
          message: `the Hegang weight-and-score rule is switched off for this ${kind} ruleset (Hegang plan 三(一)3 binds industry evaluations)`,
        },
      ]);
    }
  });

  it("an indicator scoring a role public-composite input is a PC indicator, declared or not", () => {
    // A market ruleset that declares nothing but scores the public composite input.
    const r = rulesetWith(members([10, 45, 45], 0, "points"), { mode: "points", kind: "market" }, false);
    expect(belowMean(r).map((d) => [d.path, d.message])).toEqual([
      [
        ["indicators", 0],
        `the indicator "pc", which scores the public composite input "publicScore", is worth 10 of 100 points, below the average of the 3 top-level indicators (100 ÷ 3 ≈ 33.33 points)${REQUIRES}`,
      ],
    ]);
    expect(codes(rulesetWith(members([40, 30, 30], 0, "points"), { mode: "points", kind: "market" }, false))).toEqual([]);
  });

  it("declaring a large indicator does not hide a small one that scores the public composite input", () => {
    const r = rulesetWith(
      [{ ...pcLeaf("points", 60, "otherScore"), id: "pc" }, pcLeaf("points", 5, "publicScore", "hidden"), leaf("a", "points", 35)],
      { mode: "points" },
    );
    r.inputs.push({ id: "otherScore", type: "score", min: 0, max: 100 });
    expect(belowMean(r).map((d) => [d.path, d.message])).toEqual([
      [
        ["indicators", 1],
        `the indicator "hidden", which scores the public composite input "publicScore", is worth 5 of 100 points, below the average of the 3 top-level indicators (100 ÷ 3 ≈ 33.33 points)${REQUIRES}`,
      ],
    ]);
  });

  it("a score input without the role, or the role input read only by a rule, makes no PC indicator", () => {
    const plain = rulesetWith(members([10, 45, 45], 0, "points"), { mode: "points", kind: "market" }, false);
    plain.inputs[0] = { id: "publicScore", type: "score", min: 0, max: 100 };
    expect(codes(plain)).toEqual([]);
    const ruled = rulesetWith([leaf("a", "points", 50), leaf("b", "points", 50)], { mode: "points", kind: "market" }, false);
    ruled.rules = [
      {
        id: "low-public",
        reason: { zh: "公共信用综合评价低", en: "low public composite" },
        legalBasis: "test: a low public composite caps the grade",
        conditions: { all: [{ fact: "publicScore", operator: "lessThan", value: 40 }] },
        effect: { type: "cap", grade: "C" },
      },
    ];
    expect(codes(ruled)).toEqual([]);
  });

  it("a non-industry ruleset needs no publicComposite at all; an industry ruleset does", () => {
    const r = levelRuleset({ amounts: [50, 50], pcIndex: 0, mode: "points", kind: "market" });
    delete r.publicComposite;
    expect(codes(r)).toEqual([]);
    const industry = levelRuleset({ amounts: [50, 50], pcIndex: 0, mode: "points" });
    delete industry.publicComposite;
    expect(codes(industry)).toEqual(["PUBLIC_COMPOSITE_MISSING"]);
  });
});

// ---------------------------------------------------------------- property

/** `parts` positive integers adding up to `total` (total >= parts). */
const split = (total: number, parts: number): fc.Arbitrary<number[]> =>
  parts === 0
    ? fc.constant([])
    : parts === 1
      ? fc.constant([total])
      : fc
          .uniqueArray(fc.integer({ min: 1, max: total - 1 }), { minLength: parts - 1, maxLength: parts - 1 })
          .map((cuts) => {
            const s = [0, ...cuts.sort((a, b) => a - b), total];
            return s.slice(1).map((c, i) => c - (s[i] as number));
          });

/**
 * One level on the path from the top to the PC: the amounts of its members in integer units
 * (tenths of a point, or tenths of a percent) and which member is on the path.
 */
interface Level {
  readonly units: number[];
  readonly at: number;
}

interface Tree {
  readonly mode: Mode;
  /** The scale's maximum in tenths of a point. */
  readonly scaleUnits: number;
  /** Outermost first; the last level holds the PC. */
  readonly levels: Level[];
  /** Which non-path members are groups of two (by level and index). */
  readonly groups: boolean[][];
}

/** Tenths of a percent: 100% is 1000 units. */
const FULL = 1000;
/** Scales in tenths of a point; 4.1 of 12.3 points and 0.3 of 1.5 are a third and a fifth, which floating point misses. */
const SCALES = [1000, 10000, 123, 15];

/** Candidates for the path member's amount, biased to the averages so that equality is hit often. */
function candidates(parent: number, m: number, near: number[], least: number): fc.Arbitrary<number> {
  const lo = m === 1 ? parent : least;
  const hi = parent - (m - 1);
  const pinned = near.flatMap((x) => [Math.floor(x) - 1, Math.floor(x), Math.ceil(x), Math.ceil(x) + 1]).filter((x) => x >= lo && x <= hi);
  return pinned.length === 0 ? fc.integer({ min: lo, max: hi }) : fc.oneof(fc.integer({ min: lo, max: hi }), fc.constantFrom(...pinned));
}

/** Points mode: the fewest units a path member at level k needs, one for each leaf below it. */
function leastUnits(sizes: readonly number[]): number[] {
  const need = sizes.map(() => 1);
  for (let k = sizes.length - 2; k >= 0; k--) need[k] = need[k + 1]! + sizes[k + 1]! - 1;
  return need;
}

/** A tree of depth 1–4 whose sums are all right, with the PC at the bottom of a random path. */
const tree: fc.Arbitrary<Tree> = fc
  .record({
    mode: fc.constantFrom<Mode>("points", "weights"),
    scaleUnits: fc.constantFrom(...SCALES),
    sizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
  })
  // Points mode: a small scale has too few tenths for a wide, deep tree.
  .filter(({ mode, scaleUnits, sizes }) => mode === "weights" || leastUnits(sizes)[0]! + sizes[0]! - 1 <= scaleUnits)
  .chain(({ mode, scaleUnits, sizes }) => {
    const n = sizes[0] as number;
    const need = leastUnits(sizes);
    // Level by level: the path member's amount, then the others split what is left.
    const step = (k: number, parent: number, pathUnits: number[]): fc.Arbitrary<Level[]> => {
      if (k === sizes.length) return fc.constant([]);
      const m = sizes[k] as number;
      const last = k === sizes.length - 1;
      const budget = mode === "points" ? parent : FULL;
      // Points: T / n points. Weights: the weight that makes the product of the path exactly 1 / n.
      const topTarget = mode === "points" ? scaleUnits / n : FULL ** (k + 1) / (n * pathUnits.reduce((a, b) => a * b, 1));
      const near = last ? [topTarget, budget / m] : [budget / 2, budget / m];
      return candidates(budget, m, near, mode === "points" ? (need[k] as number) : 1)
        .chain((a) =>
          fc.tuple(fc.constant(a), split(budget - a, m - 1), fc.integer({ min: 0, max: m - 1 })),
        )
        .chain(([a, others, at]) => {
          const units = [...others];
          units.splice(at, 0, a);
          return step(k + 1, a, [...pathUnits, a]).map((rest) => [{ units, at }, ...rest]);
        });
    };
    const top = mode === "points" ? scaleUnits : FULL;
    return step(0, top, []).chain((levels) =>
      fc
        .tuple(...levels.map((l) => fc.array(fc.boolean(), { minLength: l.units.length, maxLength: l.units.length })))
        .map((groups) => ({ mode, scaleUnits, levels, groups })),
    );
  })
  .filter((t) => t.levels.length > 0 && t.levels.every((l) => l.units.every((u) => u >= 1)));

const tenths = (units: number): number => units / 10;

/** The ruleset the tree describes: non-path members are leaves, or groups of two when they can be split. */
function build(t: Tree): { ruleset: Ruleset; pcPath: (string | number)[] } {
  let id = 0;
  const key = amountKey(t.mode);
  const otherNode = (units: number, asGroup: boolean): IndicatorNodeDef => {
    const i = id++;
    if (!asGroup || (t.mode === "points" && units < 2)) return leaf(`n${i}`, t.mode, tenths(units));
    const [a, b] = t.mode === "points" ? [Math.ceil(units / 2), Math.floor(units / 2)] : [600, 400];
    return group(`g${i}`, t.mode, tenths(units), [leaf(`n${i}a`, t.mode, tenths(a)), leaf(`n${i}b`, t.mode, tenths(b))]);
  };
  const pcPath: (string | number)[] = ["indicators"];
  const levelNodes = (k: number): IndicatorNodeDef[] => {
    const level = t.levels[k] as Level;
    const last = k === t.levels.length - 1;
    pcPath.push(level.at);
    if (!last) pcPath.push("children");
    return level.units.map((u, i) => {
      if (i !== level.at) return otherNode(u, t.groups[k]?.[i] ?? false);
      if (last) return pcLeaf(t.mode, tenths(u));
      return { id: `p${k}`, name: { zh: `路径${k}`, en: `path ${k}` }, [key]: tenths(u), children: levelNodes(k + 1) };
    });
  };
  const indicators = levelNodes(0);
  const scaleMax = tenths(t.scaleUnits);
  const ruleset = rulesetWith(indicators, { mode: t.mode, scaleMax });
  ruleset.bands = [{ grade: "A", min: 0, max: scaleMax }];
  return { ruleset, pcPath };
}

/**
 * The rule, worked out on the integer units with BigInt: share × n ≥ 1 at the top, and
 * n_level × amount ≥ sum of the level inside a group; `topEqual` when the share is exactly 1 / n.
 */
function expected(t: Tree): { top: boolean; level: boolean; topEqual: boolean } {
  const n = BigInt(t.levels[0]!.units.length);
  const path = t.levels.map((l) => BigInt(l.units[l.at]!));
  const pc = path[path.length - 1]!;
  // Points: pc / T ≥ 1 / n, i.e. n · pc ≥ T. Weights: Π(u / 1000) ≥ 1 / n, i.e. n · Π u ≥ 1000^depth.
  const [lhs, rhs] =
    t.mode === "points"
      ? [n * pc, BigInt(t.scaleUnits)]
      : [n * path.reduce((a, b) => a * b, 1n), BigInt(FULL) ** BigInt(path.length)];
  const last = t.levels[t.levels.length - 1]!;
  const sum = last.units.reduce((a, b) => a + BigInt(b), 0n);
  const level = t.levels.length === 1 || pc * BigInt(last.units.length) >= sum;
  return { top: lhs >= rhs, level, topEqual: lhs === rhs };
}

describe("the Hegang rule, property", () => {
  it("random trees of depth 1–4, points and weights: BELOW_MEAN exactly when the share rule is broken", () => {
    const seen = { topFails: 0, levelFails: 0, passes: 0, topEqual: 0, topEqualNested: 0, topEqualOddScale: 0, deep: 0, weights: 0, weightsEqual: 0 };
    fc.assert(
      fc.property(tree, (t) => {
        const { ruleset, pcPath } = build(t);
        const want = expected(t);
        // A tree of nothing but the PC path leaves the other input unread: a warning beside the point.
        const d = validateRuleset(ruleset).diagnostics.filter((x) => x.code !== "UNUSED_INPUT");
        if (!want.top) seen.topFails++;
        if (!want.level) seen.levelFails++;
        if (want.top && want.level) seen.passes++;
        if (t.levels.length >= 3) seen.deep++;
        if (t.mode === "weights") seen.weights++;
        const equal = want.topEqual;
        if (equal) seen.topEqual++;
        if (equal && t.levels.length > 1) seen.topEqualNested++;
        if (equal && t.mode === "points" && t.scaleUnits < 1000) seen.topEqualOddScale++;
        if (equal && t.mode === "weights") seen.weightsEqual++;
        if (want.top && want.level) {
          expect(d).toEqual([]);
          return;
        }
        expect(d).toEqual([expect.objectContaining({ code: "PUBLIC_COMPOSITE_BELOW_MEAN", path: pcPath, severity: "error" })]);
        const message = d[0]!.message;
        expect(message.includes("top-level indicators"), message).toBe(!want.top);
        expect(/indicators in "p\d"/.test(message), message).toBe(!want.level);
      }),
      { numRuns: 1000 },
    );
    // The generator reaches every outcome, the boundary itself (nested and in weights mode), deep trees and both modes.
    expect(seen.topFails).toBeGreaterThan(300);
    expect(seen.levelFails).toBeGreaterThan(60);
    expect(seen.passes).toBeGreaterThan(100);
    expect(seen.topEqual).toBeGreaterThan(40);
    expect(seen.topEqualNested).toBeGreaterThan(8);
    expect(seen.weightsEqual).toBeGreaterThan(12);
    expect(seen.topEqualOddScale).toBeGreaterThan(8);
    expect(seen.deep).toBeGreaterThan(200);
    expect(seen.weights).toBeGreaterThan(300);
  });
});
