/**
 * Conditions in words, for rule books (规则书): a json-rules-engine condition written on one
 * line (`all` joined by 且 / and, `any` by 或 / or, `not` as 并非 / not, brackets around nested
 * groups) or as a nested Markdown list, with operators in words and facts by their declared
 * names. Used for rules, named conditions and derived facts' `where`.
 *
 * Pure and deterministic: no clock, no I/O.
 * @module
 */
import { type Ctx, fieldLabel, fmt, formatDuration, inputLabel, makeContext, quote } from "./text.js";
import { OPERATOR_NAMES, SEVERITY_NAMES } from "./names.js";
import { type ConditionDef } from "../format/condition.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import type { RulebookLocale } from "./locale.js";

/**
 * Writes a json-rules-engine condition in words on one line: `all` joined by 且 / and, `any`
 * by 或 / or, `not` as 并非 / not, with brackets around nested groups, operators in words and
 * facts by their declared names.
 * @param condition - A condition node as written in a ruleset.
 * @param ruleset - The ruleset it belongs to (for the names of inputs and facts).
 * @param locale - The language.
 * @returns The condition in words.
 * @example
 * describeCondition({ any: [{ fact: "a", operator: "greaterThanInclusive", value: 3 }, { not: { fact: "b", operator: "equal", value: true } }] }, ruleset, "zh");
 * //=> "“a”大于或等于3或并非（“b”为是）"
 * @category Rule books
 */
export function describeCondition(condition: ConditionDef, ruleset: Ruleset, locale: RulebookLocale): string {
  return inlineCondition(condition, makeContext(ruleset, locale), undefined);
}

/** `recordType` set: the condition is a derived fact's `where`, whose facts are record fields. */
function factName(ctx: Ctx, fact: string, recordType: string | undefined): string {
  return quote(ctx, recordType === undefined ? inputLabel(ctx, fact) : fieldLabel(ctx, fact));
}

/**
 * A value a condition compares with, in words.
 * @category Rule books
 */
export function valueText(ctx: Ctx, v: unknown, fact: string, recordType: string | undefined): string {
  if (typeof v === "boolean") return ctx.t(v ? "是" : "否", v ? "true" : "false");
  if (typeof v === "number") return fmt(v);
  if (v === null || v === undefined) return ctx.t("空值", "null");
  if (typeof v === "string") {
    const sev = fact === "severity" && recordType !== undefined ? SEVERITY_NAMES[v] : undefined;
    return quote(ctx, sev ? sev[ctx.l] : v);
  }
  if (Array.isArray(v)) return ctx.list(v.map((x) => valueText(ctx, x, fact, recordType)));
  if (typeof v === "object" && typeof (v as { fact?: unknown }).fact === "string") {
    const ref = v as { fact: string; path?: string };
    return factName(ctx, ref.fact, recordType) + (ref.path ? ` \`${ref.path}\`` : "");
  }
  return `\`${JSON.stringify(v)}\``;
}

/** One fact–operator–value comparison in words, operator decorators included. */
function leafText(ctx: Ctx, leaf: { fact: string; operator: string; value?: unknown; path?: string | undefined }, recordType: string | undefined): string {
  const { t } = ctx;
  const parts = leaf.operator.split(":");
  const base = parts[parts.length - 1]!;
  const decorators = parts.slice(0, -1);
  let subject = factName(ctx, leaf.fact, recordType) + (leaf.path ? ` \`${leaf.path}\`` : "");
  let value = valueText(ctx, leaf.value, leaf.fact, recordType);
  let negate = false;
  for (const d of decorators) {
    if (d === "not") negate = !negate;
    else if (d === "someFact") subject = t(`${subject}中的任一元素`, `some element of ${subject}`);
    else if (d === "everyFact") subject = t(`${subject}中的每个元素`, `every element of ${subject}`);
    else if (d === "someValue") value = t(`${value}中的任一值`, `some value of ${value}`);
    else if (d === "everyValue") value = t(`${value}中的每个值`, `every value of ${value}`);
    else if (d === "swap") [subject, value] = [value, subject];
  }
  let text: string;
  if ((base === "equal" || base === "notEqual") && typeof leaf.value === "boolean" && !decorators.length) {
    const v = leaf.value;
    text = base === "equal"
      ? t(`${subject}为${v ? "是" : "否"}`, `${subject} is ${v ? "true" : "false"}`)
      : t(`${subject}不为${v ? "是" : "否"}`, `${subject} is not ${v ? "true" : "false"}`);
  } else if (base === "withinLast" || base === "notWithinLast") {
    const dur = typeof leaf.value === "string" ? formatDuration(ctx, leaf.value) : value;
    const within = base === "withinLast";
    text = t(
      `${subject}${within ? "在" : "不在"}评价基准日前${dur}以内`,
      `${subject} is ${within ? "" : "not "}within the ${dur} up to the as-of date`,
    );
  } else if ((base === "in" || base === "notIn") && Array.isArray(leaf.value) && !decorators.length) {
    text = base === "in" ? t(`${subject}属于${value}之一`, `${subject} is one of ${value}`) : t(`${subject}不属于${value}中任一项`, `${subject} is none of ${value}`);
  } else {
    const op = OPERATOR_NAMES[base]?.[ctx.l] ?? base;
    text = ctx.l === "zh" ? `${subject}${op}${value}` : `${subject} ${op} ${value}`;
  }
  return negate ? t(`并非（${text}）`, `not (${text})`) : text;
}

function isLeaf(c: ConditionDef): c is Extract<ConditionDef, { fact: string }> {
  return "fact" in c;
}

/** Unwraps `all` / `any` of a single member, which read the same as that member. */
function unwrap(c: ConditionDef): ConditionDef {
  if ("all" in c && c.all.length === 1) return unwrap(c.all[0]!);
  if ("any" in c && c.any.length === 1) return unwrap(c.any[0]!);
  return c;
}

/**
 * A condition on one line. `recordType` set: the condition is a derived fact's `where`, whose
 * facts are that record type's fields.
 * @category Rule books
 */
export function inlineCondition(c0: ConditionDef, ctx: Ctx, recordType: string | undefined): string {
  const c = unwrap(c0);
  if (isLeaf(c)) return leafText(ctx, c, recordType);
  if ("condition" in c) return ctx.t(`符合共用条件${quote(ctx, c.condition)}`, `named condition ${quote(ctx, c.condition)} holds`);
  const wrap = (x: ConditionDef): string => {
    const u = unwrap(x);
    const s = inlineCondition(u, ctx, recordType);
    return isLeaf(u) || "condition" in u || "not" in u ? s : ctx.t(`（${s}）`, `(${s})`);
  };
  if ("not" in c) return ctx.t(`并非（${inlineCondition(c.not, ctx, recordType)}）`, `not (${inlineCondition(c.not, ctx, recordType)})`);
  if ("all" in c) return c.all.map(wrap).join(ctx.t("且", " and "));
  return c.any.map(wrap).join(ctx.t("或", " or "));
}

/**
 * A condition as a Markdown list: one line per leaf, nested groups indented.
 * @category Rule books
 */
export function conditionLines(c0: ConditionDef, ctx: Ctx, indent: string): string[] {
  const c = unwrap(c0);
  const { t } = ctx;
  const inline = (): string[] => [`${indent}- ${inlineCondition(c, ctx, undefined)}`];
  const group = (head: string, members: readonly ConditionDef[]): string[] => [
    `${indent}- ${head}`,
    ...members.flatMap((m) => conditionLines(m, ctx, `${indent}  `)),
  ];
  if (isLeaf(c) || "condition" in c) return inline();
  if ("not" in c) {
    const inner = unwrap(c.not);
    if (isLeaf(inner) || "condition" in inner || "not" in inner) return inline();
    return "all" in inner
      ? group(t("不同时满足下列条件：", "not all of the following hold:"), inner.all)
      : group(t("下列条件均不满足：", "none of the following holds:"), inner.any);
  }
  return "all" in c
    ? group(t("同时满足下列条件：", "all of the following hold:"), c.all)
    : group(t("满足下列条件之一：", "any of the following holds:"), c.any);
}

/**
 * A rule's condition after a label: on the label's line when it reads as one, else as a nested list under it.
 * @category Rule books
 */
export function labelledConditionLines(c0: ConditionDef, ctx: Ctx, label: string): string[] {
  const c = unwrap(c0);
  if (isLeaf(c) || "condition" in c || ("not" in c && (isLeaf(unwrap(c.not)) || "condition" in unwrap(c.not)))) {
    return [`- ${label}${inlineCondition(c, ctx, undefined)}`];
  }
  const lines = conditionLines(c, ctx, "");
  return [`- ${label}${lines[0]!.replace(/^\s*- /, "")}`, ...lines.slice(1)];
}

