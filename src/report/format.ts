/**
 * A grade report as Markdown, in Chinese or English: one table per grouping (subjects by label,
 * with totals, and the year's moves when last year is known), the year-over-year migration as
 * `formatMigration` writes it, and the subjects nearest each band boundary. Text from rulesets,
 * subjects and hosts goes through the one escaper (`markdownText`).
 * @module
 */
import { translator } from "../base/bilingual.js";
import { markdownText } from "../base/markdown.js";
import { formatMigration } from "../versions/simulate.js";
import type { GradeReport, ReportGroup, ReportGrouping } from "./report.js";

/**
 * Options of {@link formatReport}.
 * @category Reports
 */
export interface FormatReportOptions {
  /** `zh` or `en` (default). */
  readonly locale?: "zh" | "en";
  /** How many movers and near-boundary subjects to list; default 20 (the rest are counted). */
  readonly maxListed?: number;
}

/**
 * The heading of each grouping.
 * @category Reports
 */
export const GROUPING_TITLES: Readonly<Record<ReportGrouping, { readonly zh: string; readonly en: string }>> = {
  province: { zh: "按省级行政区", en: "By province" },
  prefecture: { zh: "按地级行政区", en: "By prefecture" },
  county: { zh: "按县级行政区", en: "By county" },
  industry: { zh: "按行业（机构类别）", en: "By industry (organisation category)" },
  class: { zh: "按信用类别", en: "By credit class" },
};

/**
 * Writes a grade report as Markdown.
 * @param report - A result of {@link gradeReport}.
 * @param options - Locale and how many subjects to list.
 * @returns The Markdown, ending with a newline.
 * @example
 * formatReport(gradeReport(results, { by: ["province"] }), { locale: "zh" }).split("\n")[0];
 * //=> "# 信用等级分布：hlj-water-construction 1.1.0（评价基准日 2026-06-30），12 个主体"
 * @category Reports
 */
export function formatReport(report: GradeReport, options: FormatReportOptions = {}): string {
  const l = options.locale ?? "en";
  const t = translator(l);
  const max = Math.max(0, options.maxListed ?? 20);
  const label = (x: string): string => (x === "not-gradable" ? t("不予评价", "not gradable") : markdownText(x));
  const out: string[] = [];
  const r = report.ruleset;
  const what = r === null ? "" : `${markdownText(r.scheme)} ${markdownText(r.version)}`;
  out.push(
    t(`# 信用等级分布：${what}（评价基准日 ${report.asOf ?? "—"}），${report.total} 个主体`, `# Grade distribution: ${what} (as of ${report.asOf ?? "—"}), ${report.total} subjects`),
    "",
  );
  const changes = report.migration !== null;
  for (const g of report.groupings) {
    out.push(`## ${t(GROUPING_TITLES[g.by].zh, GROUPING_TITLES[g.by].en)}`, "");
    const header = [t("分组", "group"), t("代码", "code"), ...report.labels.map(label), t("合计", "total")];
    if (changes) header.push(t("上调", "up"), t("下调", "down"), t("其他", "other"), t("新增", "new"));
    out.push(`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i < 2 ? "---" : "--:")).join("|")}|`);
    const row = (name: string, key: string, counts: (x: string) => number, total: number, c: ReportGroup["changes"]): string => {
      const cells = [name, key, ...report.labels.map((x) => String(counts(x))), String(total)];
      if (c !== null) cells.push(String(c.up), String(c.down), String(c.other), String(c.entered));
      return `| ${cells.join(" | ")} |`;
    };
    for (const x of g.groups) out.push(row(markdownText(x.name[l]), markdownText(x.key), (lab) => x.labels[lab] ?? 0, x.total, x.changes));
    const sum = (f: (x: ReportGroup) => number): number => g.groups.reduce((n, x) => n + f(x), 0);
    const totals = changes
      ? { up: sum((x) => x.changes!.up), down: sum((x) => x.changes!.down), other: sum((x) => x.changes!.other), unchanged: sum((x) => x.changes!.unchanged), entered: sum((x) => x.changes!.entered) }
      : null;
    out.push(row(`**${t("合计", "total")}**`, "", (lab) => sum((x) => x.labels[lab] ?? 0), sum((x) => x.total), totals), "");
  }
  if (report.migration !== null) {
    const m = report.migration;
    out.push(`## ${t("与上年相比", "Against last year")}`, "");
    out.push(formatMigration(m, { locale: l, maxMovers: max }).trimEnd(), "");
    out.push(t(`新增主体 ${m.entered.length}，退出主体 ${m.left.length}。`, `${m.entered.length} subjects graded this year only, ${m.left.length} last year only.`), "");
  }
  if (report.boundaryDistance !== null) {
    const d = report.boundaryDistance;
    out.push(`## ${t(`距分数段边界 ${d} 分以内的主体（${report.nearBoundary.length}）`, `Within ${d} points of a band boundary (${report.nearBoundary.length})`)}`, "");
    const boundaries = [...new Set(report.nearBoundary.map((n) => n.boundary))].sort((a, b) => b - a);
    let listed = 0;
    for (const b of boundaries) {
      if (listed >= max) break;
      const near = report.nearBoundary.filter((n) => n.boundary === b);
      out.push(`### ${t(`${b} 分边界`, `The boundary at ${b}`)}`, "");
      for (const n of near) {
        if (listed++ >= max) break;
        out.push(
          t(
            `- ${markdownText(n.subjectId)}：${n.score} 分（${markdownText(n.label)}），距边界 ${n.distance} 分，另一侧为 ${markdownText(n.otherSide)}`,
            `- ${markdownText(n.subjectId)}: ${n.score} (${markdownText(n.label)}), ${n.distance} from the boundary, ${markdownText(n.otherSide)} on the other side`,
          ),
        );
      }
      out.push("");
    }
    if (report.nearBoundary.length > max) out.push(t(`……另有 ${report.nearBoundary.length - max} 个`, `… and ${report.nearBoundary.length - max} more`), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
