/**
 * The ruleset format, version 1, as a zod schema: the one source of truth for the JSON a
 * regulator publishes and for the TypeScript types. The schema is structural only; the
 * semantic and regulatory checks (sums, bands, the Hegang rule) live in `ruleset-check.ts`
 * so that the generated JSON Schema accepts and rejects exactly what this schema does.
 * @module
 */
import { PublicationSchema } from "./publication.js";
import { z } from "zod";
import { IsoDateSchema as IsoDate } from "../base/date.js";
import { Bilingual, GradeSchema, Id } from "./common.js";
import { InputSchema } from "./input.js";
import { FactSchema } from "./fact.js";
import { MeasuresSectionSchema } from "./measure.js";
import { PublicityPeriodSchema, RecordTypeSchema } from "./record.js";
import { NamedConditionSchema, RuleSchema } from "./rule.js";

/**
 * The most levels an indicator tree may have (group → … → indicator).
 * @category Ruleset format
 */
export const MAX_INDICATOR_DEPTH = 6;

const SemVer = z
  .string()
  .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/)
  .describe("A semantic version, MAJOR.MINOR.PATCH.");
const Num = z.number();

/**
 * The largest total score (and the most negative lowest one) a scale may have: scores are held
 * as whole units of up to six decimals, which must stay exact integers through every sum.
 * @category Ruleset format
 */
export const MAX_SCALE = 1_000_000;
const Score = z.number().min(0).describe("A score on the indicator's own scale.");

// ---------------------------------------------------------------- scoring

const OnMissing = z
  .union([
    z.literal("worst").describe("Score the indicator as its worst possible score."),
    z.literal("not-gradable").describe("The subject cannot be graded."),
    z
      .strictObject({ impute: z.union([z.number(), z.boolean(), z.string()]).describe("The value used in place of the missing one.") })
      .describe("Score the indicator as if the input had this value."),
  ])
  .describe("What to do when the input is missing (absent or null).");

const Linear = z.strictObject({
  type: z.literal("linear").describe("Linear between min and max, clamped."),
  input: Id,
  min: Num.describe("At or below this raw value the score is worst (higher-better) or best (lower-better)."),
  max: Num.describe("At or above this raw value the score is best (higher-better) or worst (lower-better)."),
  direction: z.enum(["higher-better", "lower-better"]).describe("Whether a higher raw value scores better or worse."),
});

const Bin = z.strictObject({
  min: Num.optional().describe("Lower bound; absent means no lower bound."),
  max: Num.optional().describe("Upper bound; absent means no upper bound."),
  minInclusive: z.boolean().optional().describe("Default true: the lower bound is in the bin."),
  maxInclusive: z.boolean().optional().describe("Default false: the upper bound is outside the bin."),
  score: Score,
  label: z.string().optional().describe("The bin's name in the published table, e.g. 10万元以下."),
});

const Bins = z.strictObject({
  type: z.literal("bins").describe("Ordered bins; the first that contains the value wins (PMML scorecard)."),
  input: Id,
  bins: z.array(Bin).min(1).describe("Ordered bins; the first that contains the value wins."),
  otherwise: Score.optional().describe("The score when no bin contains the value."),
});

const BooleanScoring = z.strictObject({
  type: z.literal("boolean").describe("One score when true, another when false."),
  input: Id,
  whenTrue: Score,
  whenFalse: Score,
});

const Lookup = z.strictObject({
  type: z.literal("lookup").describe("A score per category value."),
  input: Id,
  table: z
    .array(z.strictObject({ value: z.string().min(1).describe("A value of the category input."), score: Score }))
    .min(1)
    .describe("Category value to score."),
  otherwise: Score.optional().describe("The score of a value not in the table."),
});

const DeductionItem = z.strictObject({
  input: Id.describe("A number input: how many times the act occurred (or an amount)."),
  points: z.number().positive().describe("Points deducted per occurrence."),
  cap: z.number().positive().optional().describe("The most this item can deduct in all."),
  label: Bilingual.optional(),
  code: z.string().optional().describe("The item's code in the published indicator table."),
});

const DeductionBase = z.union([
  z.number().min(0),
  z.strictObject({
    input: Id.describe("A boolean or category input that selects the base."),
    cases: z
      .array(
        z.strictObject({
          equals: z.union([z.boolean(), z.string()]).describe("The input value this case applies to."),
          base: z.number().min(0).describe("The starting score in that case."),
        }),
      )
      .min(1)
      .describe("Bases by input value, first match wins."),
    otherwise: z.number().min(0).describe("The base when no case matches."),
  }),
]);

const Deduction = z.strictObject({
  type: z.literal("deduction").describe("Start from a base and deduct points per occurrence (扣分制)."),
  base: DeductionBase.describe("The starting score, fixed or chosen by an input."),
  items: z.array(DeductionItem).min(1).describe("The deduction items (扣分项)."),
  floor: z.number().min(0).optional().describe("The lowest score; default 0."),
});

const Passthrough = z.strictObject({
  type: z.literal("passthrough").describe("An already scored value, rescaled onto this indicator."),
  input: Id.describe("A score input, e.g. the public composite evaluation score."),
});

/**
 * Schema of an indicator's scoring function.
 * @category Ruleset format
 */
export const ScoringSchema = z
  .discriminatedUnion("type", [Linear, Bins, BooleanScoring, Lookup, Deduction, Passthrough])
  .describe("How the raw value becomes the indicator's score.");

// ---------------------------------------------------------------- indicator tree

const NodeBase = {
  id: Id,
  name: Bilingual,
  description: z.string().optional().describe("What the node measures, for the rule book."),
  weight: z
    .number()
    .positive()
    .optional()
    .describe("Share of the parent in percent (weights mode); siblings add up to 100."),
  points: z
    .number()
    .positive()
    .optional()
    .describe("The most this node contributes (points mode); siblings add up to the parent's points."),
};

/**
 * Schema of an indicator (二级指标), a leaf of the indicator tree.
 * @category Ruleset format
 */
export const IndicatorLeafSchema = z.strictObject({
  ...NodeBase,
  scoring: ScoringSchema,
  outOf: z
    .number()
    .positive()
    .optional()
    .describe("The scale the scoring function scores on. Default: the node's points (points mode) or 100 (weights mode)."),
  onMissing: OnMissing.optional(),
});

/**
 * An indicator (二级指标): a leaf of the tree that scores inputs.
 * @category Ruleset format
 */
export type IndicatorLeafDef = z.infer<typeof IndicatorLeafSchema>;

/**
 * A group (一级指标) of indicators or further groups.
 * @category Ruleset format
 */
export interface IndicatorGroupDef {
  /** Unique id. */
  id: string;
  /** Chinese and English name. */
  name: { zh: string; en: string };
  /** What the group covers. */
  description?: string | undefined;
  /** Share of the parent in percent (weights mode). */
  weight?: number | undefined;
  /** The most this group contributes (points mode). */
  points?: number | undefined;
  /** The group's members. */
  children: IndicatorNodeDef[];
}

/**
 * A node of the indicator tree: a group or an indicator.
 * @category Ruleset format
 */
export type IndicatorNodeDef = IndicatorGroupDef | IndicatorLeafDef;

const IndicatorGroup: z.ZodType<IndicatorGroupDef> = z.lazy(() =>
  z.strictObject({
    ...NodeBase,
    children: z.array(IndicatorNode).min(1).describe("The group's members: indicators or further groups."),
  }),
);

/**
 * Schema of a node of the indicator tree.
 * @category Ruleset format
 */
export const IndicatorNodeSchema: z.ZodType<IndicatorNodeDef> = z
  .lazy(() => z.union([IndicatorGroup, IndicatorLeafSchema]))
  .meta({ id: "IndicatorNode" });
const IndicatorNode = IndicatorNodeSchema;

// ---------------------------------------------------------------- bands, labels

/**
 * Schema of a grade band on the total score.
 * @category Ruleset format
 */
export const BandSchema = z
  .strictObject({
    grade: GradeSchema,
    label: z
      .string()
      .min(1)
      .optional()
      .describe("The scheme label the band gives, one of the labels declared for `grade`; default the grade's first label."),
    min: Num.describe("Lower bound of the total score."),
    max: Num.describe("Upper bound of the total score."),
    minInclusive: z.boolean().optional().describe("Default true (\"90分以上\" includes 90)."),
    maxInclusive: z
      .boolean()
      .optional()
      .describe("Default false, except that the top band includes the scale's maximum."),
  })
  .describe("Scores in [min, max) get this grade.");

const GradeLabel = z
  .strictObject({
    grade: GradeSchema.describe("The canonical grade the label sits on: its class and, by default, its measures."),
    label: z.string().min(1).describe("What the scheme publishes, e.g. M or 绿牌; unique within the ruleset."),
    name: Bilingual.optional(),
  })
  .describe("One of the scheme's published levels and the canonical grade it sits on.");

// ---------------------------------------------------------------- ruleset

/**
 * Schema of a whole ruleset document (format version 1).
 * @category Ruleset format
 */
export const RulesetSchema = z
  .strictObject({
    $schema: z.string().optional().describe("The JSON Schema an editor checks this file with."),
    formatVersion: z.literal(1).describe("The version of this file format (credit-grading ruleset format 1)."),
    id: Id.describe("The ruleset's id, unique in a registry together with the version."),
    scheme: Id.describe("The grading scheme this ruleset is a version of."),
    kind: z
      .enum(["public-composite", "industry", "market", "other"])
      .describe("公共信用综合评价, 行业信用评价, 市场信用评价 or another scheme."),
    industry: z.string().optional().describe("The industry or sector, for industry rulesets."),
    name: Bilingual,
    version: SemVer,
    effective: z
      .strictObject({
        from: IsoDate.describe("First day in force (inclusive)."),
        to: IsoDate.optional().describe(
          "Last day in force (inclusive), for a version withdrawn with no successor (or before its successor starts, leaving a gap). " +
            "Leave it out when a new version replaces this one: in a registry a version ends the day before the next version of its scheme starts, " +
            "so publishing a new version never edits this one; when both apply, the earlier end wins.",
        ),
      })
      .describe("The evaluated periods this version applies to: from `from` until its successor in the registry starts, or to `to`."),
    authority: z.string().optional().describe("The regulator that publishes the ruleset."),
    legalBasis: z.array(z.string()).optional().describe("Documents the ruleset implements."),
    scale: z
      .strictObject({
        min: Num.min(-MAX_SCALE).max(MAX_SCALE).describe("The lowest total score."),
        max: Num.min(-MAX_SCALE).max(MAX_SCALE).describe("The highest total score."),
      })
      .describe("The total score scale, e.g. 0–100 or 0–1000."),
    rounding: z
      .strictObject({
        scale: z.number().int().min(0).max(6).describe("Decimal places kept."),
        mode: z.enum(["half-up", "half-even", "down", "up"]).describe("half-up: ties away from zero; half-even: ties to even; down: toward zero; up: away from zero."),
      })
      .describe("How indicator scores, contributions and totals are rounded."),
    weighting: z
      .enum(["points", "weights"])
      .describe("Whether tree nodes declare points or percentage weights."),
    inputs: z.array(InputSchema),
    indicators: z.array(IndicatorNode).min(1).describe("The top level (一级指标) of the indicator tree."),
    bands: z.array(BandSchema).min(1).describe("Grade bands, best grade first."),
    labels: z
      .array(GradeLabel)
      .optional()
      .describe(
        "The scheme's own levels, best first, in the scheme's order; several may sit on one canonical grade (tax B and M on B), and the first label of a grade is its default. A grade without a label is published as its letter.",
      ),
    publicComposite: z
      .strictObject({
        indicator: Id.describe("The indicator that carries the public composite evaluation."),
        check: z
          .boolean()
          .optional()
          .describe(
            "The Hegang rule (三(一)3): the public composite indicator's share of the total score is at least the average top-level share, and at least its siblings' average inside a group. Always checked for an industry ruleset, where false is an error; another kind is checked when it takes the public composite as an indicator (declared here, or an indicator scoring a role public-composite input), unless this is false.",
          ),
        fallbackGradeInput: Id.optional().describe(
          "A category input (values among A–E) carrying the subject's public composite grade: when this ruleset cannot score the subject, that grade is used (三(一)3: where the industry evaluation is not ready, the public composite result is used). Not when a not-gradable rule fired: the evaluation was made and decided there is no grade.",
        ),
      })
      .optional()
      .describe("R3: the public composite evaluation as an indicator of an industry ruleset."),
    strictInputs: z
      .boolean()
      .optional()
      .describe("When true, a subject with an input the ruleset does not declare is rejected."),
    subjectId: z
      .strictObject({
        format: z.literal("uscc").describe("统一社会信用代码 (GB 32100-2015)."),
        mode: z
          .enum(["strict", "standard", "lenient"])
          .optional()
          .describe(
            "How strictly to check it: standard (default) the format and the GB 32100 check character; strict also the department–category pair " +
              "(GB 32100 表2) and the embedded GB 11714 check; lenient the format only.",
          ),
        allow: z.array(z.string()).optional().describe("Legacy pilot codes accepted as they are."),
      })
      .optional()
      .describe("When set, a subject whose id is not a valid code is rejected, with the rule it breaks."),
    records: z
      .strictObject({
        types: z.array(RecordTypeSchema).min(1).describe("The kinds of credit record the ruleset reads."),
        publicity: z
          .array(PublicityPeriodSchema)
          .optional()
          .describe("Publicity periods by severity; default the national periods of 国办发〔2025〕22号."),
      })
      .optional()
      .describe("The dated credit records subjects carry (R6, R7, R8, R14)."),
    facts: z.array(FactSchema).optional().describe("Facts derived from records; indicators and rules read them like inputs."),
    conditions: z.array(NamedConditionSchema).optional().describe("Named conditions that rules share with { \"condition\": id }. Written out at each use, a named condition may have at most 20000 nodes and 32 levels, and the rules and derived facts together at most 20000 nodes; references may not form a cycle."),
    rules: z.array(RuleSchema).optional().describe("Override rules, in json-rules-engine condition JSON (limits: see conditions)."),
    measures: MeasuresSectionSchema.optional().describe("Measures and sampling per grade (R9, R10, R15); default: the plan's catalogue."),
    publication: PublicationSchema.optional().describe("What of a result may be published and when it takes effect; absent: not stated, and nothing is published."),
  })
  .describe("A credit grading ruleset (credit-grading format 1).");

/**
 * A ruleset document, format version 1.
 * @category Ruleset format
 */
export type Ruleset = z.infer<typeof RulesetSchema>;
/**
 * An indicator's scoring function.
 * @category Ruleset format
 */
export type ScoringDef = z.infer<typeof ScoringSchema>;
/**
 * A grade band on the total score.
 * @category Ruleset format
 */
export type BandDef = z.infer<typeof BandSchema>;

/**
 * Whether a tree node is a group (has children) rather than an indicator.
 * @param node - A node of the indicator tree.
 * @returns `true` for a group.
 * @example
 * isGroup({ id: "g", name: { zh: "组", en: "g" }, children: [] }); //=> true
 * @category Ruleset format
 */
export function isGroup(node: IndicatorNodeDef): node is IndicatorGroupDef {
  return "children" in node;
}
