/**
 * What may be published (信用信息公开): whether a scheme's results are public, how long a result
 * is publicised before it takes effect (公示期, in working days of the working-day calendar),
 * which results (by label: the tax A list) and which fields of a result may leave the regulator. Exports and the CLI's `--public` honour it.
 * @module
 */
import { z } from "zod";

/**
 * The fields of a result a scheme may let out, besides who and when (subject id, scheme, version,
 * as-of date), which always go with a published result.
 * @category Ruleset format
 */
export const PUBLIC_FIELDS = ["grade", "label", "class", "score", "scoreGrade", "decidedBy", "measures", "addedMeasures", "outputs", "reasons", "rulesFired"] as const;

/**
 * One field of {@link PUBLIC_FIELDS}.
 * @category Ruleset format
 */
export type PublicField = (typeof PUBLIC_FIELDS)[number];

/**
 * Schema of a scheme's publication policy.
 * @category Ruleset format
 */
export const PublicationSchema = z
  .strictObject({
    public: z.boolean().describe("Whether results are published at all (SAMR risk classes are for internal supervision only: false)."),
    publicityWorkingDays: z
      .number()
      .int()
      .min(0)
      .max(60)
      .optional()
      .describe("公示期: working days a result is publicised before it takes effect, counted from the day after the decision (default 0: effective on the day after the decision)."),
    fields: z.array(z.enum(PUBLIC_FIELDS)).optional().describe("The fields that may leave the regulator (default: grade, label and class)."),
    labels: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("Only results with one of these labels are public, e.g. [\"A\", \"D\"] for the tax rules' A and D lists (default: every result). A result without a label (not gradable) is then withheld."),
    basis: z.string().min(1).optional().describe("The document that says so, e.g. 《纳税缴费信用管理办法》第二十四条."),
  })
  .describe("What of a result may be published, and when it takes effect.");

/**
 * A publication policy as written.
 * @category Ruleset format
 */
export type PublicationDef = z.infer<typeof PublicationSchema>;

/**
 * The fields published when a policy names none.
 * @category Ruleset format
 */
export const DEFAULT_PUBLIC_FIELDS: readonly PublicField[] = ["grade", "label", "class"];
