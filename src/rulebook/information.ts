/**
 * Section 一 of a rule book (规则书): the credit information collected (internal). The data
 * items the ruleset reads with their types, units, valid values and sources; the credit
 * record types with their fields; the publicity periods per severity (the ruleset's own or
 * the national ones of 国办发〔2025〕22号); and the facts derived from credit records.
 * @module
 */
import {
  bi,
  type Ctx,
  formatDuration,
  sub,
  table,
  unitText,
} from "./text.js";
import { FIELD_TYPE_NAMES, INPUT_TYPE_NAMES, ROLE_NAMES, SEVERITY_NAMES } from "./names.js";
import { parseDuration } from "../base/date.js";
import { NATIONAL_PUBLICITY_2025 } from "../format/record.js";
import { factText, inputRange, publicityText } from "./describe.js";

/**
 * Renders section 一, the credit information collected: data items, credit records, publicity periods and derived facts.
 * @category Rule books
 */
export function renderInformation(ctx: Ctx, out: string[]): void {
  const { r, t } = ctx;
  out.push(`## ${t("一、信用信息采集范围", "1. Credit information collected")}`, "");
  let n = 0;
  out.push(`### ${sub(ctx, 1, ++n)}${t("评价数据项", "Data items")}`, "");
  if (r.inputs.length === 0) out.push(t("本规则集不读取评价数据项。", "This ruleset reads no data items."), "");
  else {
    out.push(
      ...table(
        [t("序号", "No."), t("数据项", "Data item"), t("标识", "Id"), t("类型", "Type"), t("单位", "Unit"), t("取值范围", "Valid values"), t("说明", "Meaning"), t("来源", "Source")],
        r.inputs.map((input, i) => {
          const role = input.type === "score" && input.role ? ROLE_NAMES[input.role][ctx.l] : undefined;
          const unit = input.type === "number" || input.type === "score" ? (input.unit ?? "") : "";
          return [
            String(i + 1),
            bi(ctx, input.name, input.id) + (input.required ? t("（必填）", " (required)") : ""),
            `\`${input.id}\``,
            INPUT_TYPE_NAMES[input.type][ctx.l] + (role === undefined ? "" : t(`（${role}）`, ` (${role})`)),
            unit === "" ? "—" : unitText(ctx, unit),
            inputRange(ctx, input),
            input.description ?? "—",
            input.source ?? "—",
          ];
        }),
      ),
      "",
      t(
        `数据项缺失（未提供或为空值）时的处理见“二、评价指标体系”各指标的缺失处理。${r.strictInputs ? "主体数据含有本表以外的数据项的，不予受理。" : ""}`,
        `How a missing data item (absent or null) is treated is stated for each indicator in section 2.${r.strictInputs ? " Subject data with an item not in this table is rejected." : ""}`,
      ),
      "",
    );
  }
  const rec = r.records;
  if (rec) {
    out.push(`### ${sub(ctx, 1, ++n)}${t("信用记录", "Credit records")}`, "");
    out.push(
      t(
        "每条信用记录均载明：记录编号、记录类型、日期（决定或发生日期）、失信程度（轻微、一般、严重）、修复日期、撤销日期、公示截止日。已修复、已撤销或超过公示期的记录不纳入评价，并在评价结果中逐条列明。",
        "Every credit record carries a record id, its type, a date (of the decision or event), a severity (minor, general, serious), and the dates of repair, revocation and end of publicity where they apply. Records repaired, revoked or past their publicity period do not count and are listed, each with the reason, in the evaluation result.",
      ),
      "",
    );
    rec.types.forEach((type, i) => {
      out.push(t(`${i + 1}. **${type.name.zh}**（\`${type.id}\`）`, `${i + 1}. **${type.name.en}** (\`${type.id}\`)`));
      if (type.description) out.push(`   ${type.description}`);
      out.push(`   ${t("公示期：", "Publicity: ")}${publicityText(ctx, type)}`);
      if (type.severity === "required") out.push(`   ${t("每条记录须标明失信程度。", "Each record must state its severity.")}`);
      out.push("");
      if (type.fields?.length) {
        out.push(
          ...table(
            [t("字段", "Field"), t("类型", "Type"), t("必填", "Required"), t("取值", "Values"), t("说明", "Meaning")],
            type.fields.map((f) => [
              `\`${f.id}\``,
              FIELD_TYPE_NAMES[f.type][ctx.l],
              f.required ? t("是", "yes") : t("否", "no"),
              f.values ? ctx.list(f.values) : "—",
              f.description ?? "—",
            ]),
          ).map((line) => `   ${line}`),
          "",
        );
      }
    });
    out.push(`### ${sub(ctx, 1, ++n)}${t("失信信息公示期", "Publicity periods of dishonesty information")}`, "");
    const declared = rec.publicity !== undefined;
    const periods = new Map(NATIONAL_PUBLICITY_2025.map((p) => [p.severity, p]));
    for (const p of rec.publicity ?? []) periods.set(p.severity, p);
    out.push(
      ...table(
        [t("失信程度", "Severity"), t("最短公示期（期满可申请信用修复）", "Minimum (repair may be applied for after it)"), t("最长公示期（期满不再纳入评价）", "Maximum (no longer counts after it)")],
        [...periods.values()].map((p) => [
          SEVERITY_NAMES[p.severity]![ctx.l],
          parseDuration(p.min)?.years === 0 && parseDuration(p.min)?.months === 0 && parseDuration(p.min)?.days === 0 ? t("无", "none") : formatDuration(ctx, p.min),
          formatDuration(ctx, p.max),
        ]),
      ),
      "",
      declared
        ? t("公示期自决定（发生）之日起算，最长公示期届满之日的前一日为最后一日。", "Publicity runs from the date of the decision or event; the last day counted is the day before the maximum period ends.")
        : t(
            "本规则集未单列公示期，适用国务院办公厅《关于进一步完善信用修复制度的实施方案》（国办发〔2025〕22号）规定的全国统一公示期。公示期自决定（发生）之日起算。",
            "The ruleset states no publicity periods of its own: the national periods of 国办发〔2025〕22号 apply. Publicity runs from the date of the decision or event.",
          ),
      "",
    );
  }
  if (r.facts?.length) {
    out.push(`### ${sub(ctx, 1, ++n)}${t("由信用记录派生的事实", "Facts derived from credit records")}`, "");
    out.push(
      ...table(
        [t("事实", "Fact"), t("标识", "Id"), t("计算方法", "How it is computed"), t("说明", "Meaning")],
        r.facts.map((f) => [bi(ctx, f.name, f.id), `\`${f.id}\``, factText(ctx, f), f.description ?? "—"]),
      ),
      "",
    );
  }
}
