/**
 * History facts (历史评价事实): facts over a subject's earlier results, which the host passes
 * as the subject's `history` (earlier decision records or evaluations, or plain `{ asOf, grade }`
 * objects). They are derived facts (`facts`) with a `history` kind, read by rules and indicators
 * like any other fact: the previous year's grade, label or way of deciding; consecutive years at
 * some grades; the best and worst grade of the last N years; years since the last result at some
 * grades; how many of the last N years were.
 *
 * Years are calendar years: an earlier result belongs to the year of its `asOf` (or its `year`),
 * the evaluation to the year of its as-of date, and only results of earlier years count. When a
 * year has several results, the last one given wins (a decision after an objection or a repair
 * supersedes the first).
 * @module
 */
import { z } from "zod";
import { Bilingual, GradeSchema, Id } from "./common.js";
import { DECIDED_BY } from "./effects.js";

/**
 * The kinds of history fact.
 * @category Ruleset format
 */
export const HISTORY_KINDS = ["previous", "consecutive", "best", "worst", "years-since", "count"] as const;

/**
 * The ways an earlier result may have been decided, as an evaluation's `decidedBy` says.
 * @category Ruleset format
 */
export const HISTORY_DECIDED_BY = DECIDED_BY;

/**
 * Schema of a history fact.
 * @category Ruleset format
 */
export const HistoryFactSchema = z
  .strictObject({
    id: Id,
    name: Bilingual.optional(),
    description: z.string().optional().describe("What the fact means."),
    history: z
      .enum(HISTORY_KINDS)
      .describe(
        "previous: the previous year's grade, label or decidedBy (missing when that year has no result); consecutive: how many years in a row, counting back from the previous year, match; best / worst: the best or worst canonical grade of the last `years` years; years-since: years since the latest matching result (missing when none); count: how many of the last `years` years match.",
      ),
    field: z.enum(["grade", "label", "decidedBy"]).optional().describe("previous only: which part of the previous result (default grade)."),
    grades: z.array(GradeSchema).min(1).optional().describe("A result matches when its canonical grade is one of these."),
    labels: z.array(z.string().min(1)).min(1).optional().describe("A result matches when its label is one of these (a result without a label has its grade's first label)."),
    decidedBy: z.array(z.enum(HISTORY_DECIDED_BY)).min(1).optional().describe("A result matches when it was decided one of these ways."),
    years: z.number().int().min(1).max(50).optional().describe("best, worst and count: the last this many years before the evaluated one (default 50)."),
  })
  .describe("A fact over the subject's earlier results (its `history`).");

/**
 * A history fact as written.
 * @category Ruleset format
 */
export type HistoryFactDef = z.infer<typeof HistoryFactSchema>;

/**
 * The type of a history fact's value.
 * @param def - The fact.
 * @returns `number` for counts and years, `grade` for a grade, `string` for a label or a way of deciding.
 * @category Ruleset format
 */
export function historyValueType(def: HistoryFactDef): "number" | "grade" | "string" {
  switch (def.history) {
    case "consecutive":
    case "years-since":
    case "count":
      return "number";
    case "best":
    case "worst":
      return "grade";
    case "previous":
      return (def.field ?? "grade") === "grade" ? "grade" : "string";
  }
}


/**
 * A history fact in words, in both languages: the one wording rule books and diffs use.
 * @param f - The fact.
 * @returns The text.
 * @example
 * describeHistoryFact({ id: "yearsAtA", history: "consecutive", labels: ["A"] }).en;
 * //=> "consecutive earlier years, counting back from the previous one, with label A"
 * @category Ruleset format
 */
export function describeHistoryFact(f: HistoryFactDef): { readonly zh: string; readonly en: string } {
  const parts: { zh: string[]; en: string[] } = { zh: [], en: [] };
  if (f.grades) {
    parts.zh.push(`等级为${f.grades.join("、")}`);
    parts.en.push(`grade ${f.grades.join(" or ")}`);
  }
  if (f.labels) {
    parts.zh.push(`公布等级为${f.labels.join("、")}`);
    parts.en.push(`label ${f.labels.join(" or ")}`);
  }
  if (f.decidedBy) {
    parts.zh.push(`确定方式为${f.decidedBy.join("、")}`);
    parts.en.push(`decided by ${f.decidedBy.join(" or ")}`);
  }
  const zhWhat = parts.zh.length > 0 ? parts.zh.join("且") : "有评价等级";
  const enWhat = parts.en.length > 0 ? `with ${parts.en.join(" and ")}` : "with a grade";
  const n = f.years ?? 50;
  switch (f.history) {
    case "previous": {
      const field = f.field ?? "grade";
      const zh = field === "grade" ? "信用等级" : field === "label" ? "公布等级" : "等级确定方式";
      return { zh: `上一评价年度的${zh}（无结果时缺失）`, en: `the previous year's ${field} (missing when that year has no result)` };
    }
    case "consecutive":
      return { zh: `自上一评价年度起向前连续${zhWhat}的年数`, en: `consecutive earlier years, counting back from the previous one, ${enWhat}` };
    case "years-since":
      return { zh: `距最近一次${zhWhat}的年数（从未有过时缺失）`, en: `years since the latest earlier result ${enWhat} (missing when none)` };
    case "count":
      return { zh: `前${n}个评价年度中${zhWhat}的年数`, en: `how many of the ${n} previous years had a result ${enWhat}` };
    case "best":
      return { zh: `前${n}个评价年度中最好的信用等级`, en: `the best grade of the ${n} previous years` };
    case "worst":
      return { zh: `前${n}个评价年度中最差的信用等级`, en: `the worst grade of the ${n} previous years` };
  }
}
