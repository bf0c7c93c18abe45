/**
 * Section 五 of a rule book (规则书): the measures per grade (internal). For each grade the
 * measures that apply, with their kind, the fields they apply in, the capabilities they grant
 * or bar and their legal basis; then the sampling ratio and frequency of random inspections
 * per grade. Measures come from the ruleset's own section or the library's default catalogue.
 * @module
 */
import {
  capabilityName,
  type Ctx,
  gradeText,
  labelMeasuresOf,
  labelText,
  measuresOf,
  publishedPositions,
  sub,
  table,
} from "./text.js";
import { MEASURE_FIELD_NAMES, MEASURE_KIND_NAMES } from "./names.js";
import { CLASS_NAMES, GRADES, gradeClass } from "../base/grade.js";
import { MEASURE_CATALOGUE } from "../measures/catalogue.js";
import { type MeasureDef } from "../format/measure.js";
import { perYearText, ratioText } from "./describe.js";

/**
 * Renders section 五, the measures and the random-inspection sampling of each grade.
 * @category Rule books
 */
export function renderMeasures(ctx: Ctx, out: string[]): void {
  const { r, t } = ctx;
  out.push(`## ${t("五、分级监管措施", "5. Measures per grade")}`, "");
  const section = r.measures;
  const compiled = measuresOf(r);
  const defs = new Map<string, MeasureDef>(MEASURE_CATALOGUE.map((m) => [m.id, m]));
  for (const d of section?.define ?? []) defs.set(d.id, d);
  if (!section) {
    out.push(
      t(
        "本规则集未单列监管措施和抽查比例，适用本库默认目录：《黑龙江省进一步深化市场主体信用分级分类监管若干措施》（2021）及鹤信用发〔2022〕2号 三(三)所列措施；默认抽查比例的具体数值为作者选定。",
        "The ruleset states no measures or sampling of its own: the library's default catalogue applies, the measures of the Heilongjiang measures (2021) and the Hegang plan 三(三); the default sampling numbers are the author's choice.",
      ),
      "",
    );
  } else if (!section.sampling) {
    out.push(t("本规则集未单列抽查比例，适用本库默认抽查比例（具体数值为作者选定）。", "The ruleset states no sampling policy: the library's default sampling applies (numbers are the author's choice)."), "");
  }
  let n = 0;
  // One subsection per canonical grade, or per label where a label has measures of its own (tax M):
  // the published labels that share one list of measures are named together.
  const byPosition = labelMeasuresOf(ctx);
  const shown = publishedPositions(ctx);
  const groups: { positions: number[]; gm: (typeof byPosition)[number] }[] = [];
  for (const g of GRADES) {
    for (const p of shown.filter((x) => ctx.labels.entries[x]!.grade === g)) {
      const same = groups.find((x) => x.gm === byPosition[p] && ctx.labels.entries[x.positions[0]!]!.grade === g);
      if (same) same.positions.push(p);
      else groups.push({ positions: [p], gm: byPosition[p]! });
    }
  }
  for (const { positions, gm } of groups) {
    const g = ctx.labels.entries[positions[0]!]!.grade;
    const labels = positions.map((p) => ctx.labels.entries[p]!.label);
    const head = positions.length === 1 ? labelText(ctx, positions[0]!) : t(`${labels.join("、")}（信用等级${g}）`, `${labels.join(", ")} (canonical ${g})`);
    out.push(`### ${sub(ctx, 5, ++n)}${head}${t("（", " (")}${CLASS_NAMES[gradeClass(g)][ctx.l]}${t("）", ")")}`, "");
    if (gm.measures.length === 0) {
      out.push(t("无对应措施。", "No measures."), "");
      continue;
    }
    out.push(
      ...table(
        [t("序号", "No."), t("措施", "Measure"), t("类别", "Kind"), t("适用领域", "Applies in"), t("依据", "Legal basis")],
        gm.measures.map((m, i) => {
          const def = defs.get(m.id);
          const extra = [
            m.grants.length ? `${t("给予：", "grants: ")}${ctx.list(m.grants.map((c) => capabilityName(ctx, c)))}` : "",
            m.bars.length ? `${t("限制：", "bars: ")}${ctx.list(m.bars.map((c) => capabilityName(ctx, c)))}` : "",
            def?.description ?? "",
          ].filter((s) => s !== "");
          return [
            String(i + 1),
            `${m.name[ctx.l]}${extra.length ? t(`（${extra.join("；")}）`, ` (${extra.join("; ")})`) : ""}`,
            MEASURE_KIND_NAMES[m.kind]?.[ctx.l] ?? m.kind,
            ctx.list(m.fields.map((f) => MEASURE_FIELD_NAMES[f]?.[ctx.l] ?? f)),
            def?.legalBasis.join(t("；", "; ")) ?? "—",
          ];
        }),
      ),
      "",
    );
  }
  out.push(`### ${sub(ctx, 5, ++n)}${t("“双随机、一公开”抽查比例和频次", "Random inspections: sampling ratio and frequency")}`, "");
  out.push(
    ...table(
      [t("信用等级", "Grade"), t("抽查比例", "Sampling ratio"), t("每年检查次数", "Inspections per year"), t("增加检查项目", "Added inspection items")],
      GRADES.map((g) => {
        const s = compiled.get(g)!.sampling;
        return s
          ? [gradeText(ctx, g), ratioText(ctx, s), perYearText(ctx, s), s.extraItems ? ctx.list(s.extraItems) : "—"]
          : [gradeText(ctx, g), t("未规定", "not set"), t("未规定", "not set"), "—"];
      }),
    ),
    "",
  );
}
