/**
 * A grade report's charts as SVG, drawn by Vega-Lite (compiled to Vega, rendered headless with
 * `renderer: "none"`, no DOM): one stacked-bar chart per grouping (subjects by label in each
 * group) and, when last year is known, the migration matrix as a heat map. Vega is a Node-side
 * dependency of `credit-grading/node` and the CLI only, loaded when a chart is drawn; the main
 * entry stays small and pure.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import { formatReport, GROUPING_TITLES } from "../report/format.js";
import type { GradeReport } from "../report/report.js";

/**
 * One chart of a report.
 * @category Files
 */
export interface ReportChart {
  /** A file name for it: the grouping (`province.svg`), or `migration.svg`. */
  readonly name: string;
  /** The SVG document. */
  readonly svg: string;
}

// Fonts with Chinese glyphs first, so a viewer does not fall back to boxes.
const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', 'PingFang SC', 'Microsoft YaHei', sans-serif";

// Vega measures text without a canvas by estimate (0.8 em a character), which is short for
// Chinese characters (1 em): the padding gives each side the width the estimate misses.
function missing(xs: readonly string[]): number {
  return Math.ceil(Math.max(0, ...xs.map((x) => (x.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/g) ?? []).length)) * 0.25 * 12);
}
function cjkPadding(left: readonly string[], right: readonly string[]): { left: number; right: number; top: number; bottom: number } {
  return { left: 5 + missing(left), right: 5 + missing(right), top: 5, bottom: 5 };
}

// Vega is loaded on first use, so the command line and credit-grading/node start without it.
async function render(spec: TopLevelSpec): Promise<string> {
  const [{ View, parse }, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Draws a report's charts as SVG documents.
 * @param report - A result of `gradeReport`.
 * @param options - `locale`: the language of titles and axes (default `en`).
 * @returns One chart per grouping, then the migration when the report has one.
 * @example
 * for (const c of await reportCharts(report, { locale: "zh" })) writeFileSync(join("charts", c.name), c.svg);
 * @category Files
 */
export async function reportCharts(report: GradeReport, options: { readonly locale?: "zh" | "en" } = {}): Promise<ReportChart[]> {
  const l = options.locale ?? "en";
  const t = (zh: string, en: string): string => (l === "zh" ? zh : en);
  const labelName = (x: string): string => (x === "not-gradable" ? t("不予评价", "not gradable") : x === "rejected" ? t("数据被拒", "rejected") : x);
  const domain = report.labels.map(labelName);
  const color = { field: "label", type: "nominal", title: t("等级", "grade"), scale: { domain, scheme: "redyellowgreen", reverse: true }, sort: domain } as const;
  const config = { font: FONT, view: { stroke: null } };
  const title = formatReport(report, { locale: l }).split("\n")[0]!.replace(/^# /, "");
  const out: ReportChart[] = [];
  for (const g of report.groupings) {
    const values = g.groups.flatMap((x) => report.labels.map((lab, rank) => ({ group: x.name[l], label: labelName(lab), rank, n: x.labels[lab] ?? 0 })).filter((v) => v.n > 0));
    const spec: TopLevelSpec = {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: { text: t(GROUPING_TITLES[g.by].zh, GROUPING_TITLES[g.by].en), subtitle: title },
      data: { values },
      mark: { type: "bar" },
      padding: cjkPadding(g.groups.map((x) => x.name[l]), domain),
      width: 480,
      height: { step: 22 },
      encoding: {
        y: { field: "group", type: "nominal", title: null, sort: g.groups.map((x) => x.name[l]) },
        x: { field: "n", type: "quantitative", aggregate: "sum", title: t("主体数", "subjects") },
        color,
        order: { field: "rank", type: "quantitative" },
        tooltip: [{ field: "group" }, { field: "label" }, { field: "n" }],
      },
      config,
    };
    out.push({ name: `${g.by}.svg`, svg: await render(spec) });
  }
  const m = report.migration;
  if (m !== null) {
    const most = Math.max(1, ...m.labelRows.flatMap((r) => m.labelColumns.map((c) => m.labelMatrix[r]?.[c] ?? 0)));
    const values = m.labelRows.flatMap((r) => m.labelColumns.map((c) => ({ from: labelName(r), to: labelName(c), n: m.labelMatrix[r]?.[c] ?? 0 })));
    const spec: TopLevelSpec = {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: { text: t(`等级迁移 ${m.from.version} → ${m.to.version}`, `Grade migration ${m.from.version} → ${m.to.version}`), subtitle: `${m.asOf} → ${m.asOfB}` },
      data: { values },
      padding: cjkPadding(m.labelRows.map(labelName), []),
      width: { step: 44 },
      height: { step: 30 },
      encoding: {
        y: { field: "from", type: "nominal", sort: m.labelRows.map(labelName), title: t(`上年（${m.asOf}）`, `last year (${m.asOf})`), axis: { titlePadding: 4 + missing(m.labelRows.map(labelName)) } },
        x: { field: "to", type: "nominal", sort: m.labelColumns.map(labelName), title: t(`本年（${m.asOfB}）`, `this year (${m.asOfB})`), axis: { orient: "top", labelAngle: 0 } },
      },
      layer: [
        { mark: { type: "rect" }, encoding: { color: { field: "n", type: "quantitative", title: t("主体数", "subjects"), scale: { scheme: "blues" } } } },
        { mark: { type: "text" }, encoding: { text: { field: "n", type: "quantitative" }, color: { condition: [{ test: "datum.n === 0", value: "#bbb" }, { test: `datum.n > ${most / 2}`, value: "white" }], value: "black" } } },
      ],
      config,
    };
    out.push({ name: "migration.svg", svg: await render(spec) });
  }
  return out;
}
