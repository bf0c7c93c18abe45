/**
 * Impact simulation (影响测算): grade a population under two rulesets, normally two versions of
 * one scheme, and show the grade-migration matrix and every subject whose grade moves, with
 * the reason, so a regulator sees the impact of a new version before publishing it.
 *
 * Dates: both versions are evaluated at one as-of date by default, with `allowOutOfEffect`,
 * because two versions of a scheme are rarely in force on the same day (1.0.0 ends the day
 * before 1.1.0 starts) and comparing them on one date isolates the change of rules from the
 * change of data (records expiring, windows moving). `asOfB` evaluates b at another date when
 * that is the question ("last year's grade under last year's rules vs this year's").
 *
 * Pure and synchronous: each ruleset is compiled once; no I/O, no clock.
 * @module
 */
import { markdownText } from "../base/markdown.js";
import { MIGRATION_OUTCOMES, type MigrationOutcome, type Mover } from "./simulate-types.js";
import { translator } from "../base/bilingual.js";
import { explain, idOf, type Side } from "./simulate-explain.js";
import { type NearBoundary, type ScoreShift, ShiftCollector } from "./simulate-shifts.js";
import { isIsoDate } from "../base/date.js";
import { CreditGradingError } from "../base/errors.js";
import { compileRuleset } from "../engine/compile.js";
import type { CompiledRuleset, RulesetRef } from "../engine/types.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import { compileLabelScale } from "../format/labels.js";

/**
 * Options of {@link simulate}.
 * @category Versions
 */
export interface SimulateOptions {
  /** The as-of date both rulesets are evaluated at, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** Evaluate b at this date instead of `asOf`. */
  readonly asOfB?: string;
  /**
   * Evaluate even outside each ruleset's effective period; default true (see the module
   * comment). When false, a date outside either period throws `NOT_IN_EFFECT` before any
   * subject is evaluated.
   */
  readonly allowOutOfEffect?: boolean;
  /** How many indicators to name in each mover's reason, largest change first; default 3. */
  readonly topIndicators?: number;
  /**
   * List the subjects whose score under b lies within this many points of a band boundary
   * (`nearBoundary`); left out, none is listed.
   */
  readonly boundaryDistance?: number;
}

/**
 * The impact of replacing ruleset a by b over a population.
 * @category Versions
 */
export interface Migration {
  /** Ruleset a. */
  readonly from: RulesetRef;
  /** Ruleset b. */
  readonly to: RulesetRef;
  /** The as-of date of a's evaluations. */
  readonly asOf: string;
  /** The as-of date of b's evaluations. */
  readonly asOfB: string;
  /** How many subjects were evaluated (every one lands in exactly one cell). */
  readonly total: number;
  /** Counts: `matrix[outcome under a][outcome under b]`, by canonical grade. */
  readonly matrix: Readonly<Record<MigrationOutcome, Readonly<Record<MigrationOutcome, number>>>>;
  /**
   * The same counts by published label: `labelMatrix[label under a][label under b]`, with
   * `not-gradable` and `rejected` as in `matrix`. Rows and columns in `labelRows` and
   * `labelColumns` order (each scheme's order of labels; a fallback grade as its letter).
   */
  readonly labelMatrix: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The rows of `labelMatrix`: a's labels that occurred, in a's order, then not gradable and rejected. */
  readonly labelRows: readonly string[];
  /** The columns of `labelMatrix`: b's labels that occurred, in b's order, then not gradable and rejected. */
  readonly labelColumns: readonly string[];
  /** Row sums: outcomes under a. */
  readonly rowTotals: Readonly<Record<MigrationOutcome, number>>;
  /** Column sums: outcomes under b. */
  readonly columnTotals: Readonly<Record<MigrationOutcome, number>>;
  /** Subjects with the same outcome and the same label under both. */
  readonly unchanged: number;
  /** Subjects graded better under b. */
  readonly upgraded: number;
  /** Subjects graded worse under b. */
  readonly downgraded: number;
  /** Subjects moving to or from not gradable or rejected. */
  readonly otherMoves: number;
  /** Every subject whose outcome changed, in population order. */
  readonly movers: readonly Mover[];
  /**
   * How many subjects carry each measure fired rules added, under a and under b, by measure id
   * (only measures some rule added on either side; empty when no rule adds any).
   */
  readonly addedMeasures: Readonly<Record<string, { readonly before: number; readonly after: number }>>;
  /** How scores moved from a to b, over the subjects scored under both. */
  readonly scoreShift: ScoreShift;
  /** The distance asked for in `boundaryDistance`, or `null` when none was. */
  readonly boundaryDistance: number | null;
  /** Subjects within `boundaryDistance` points of a band boundary under b, nearest first. */
  readonly nearBoundary: readonly NearBoundary[];
}

function toCompiled(r: Ruleset | CompiledRuleset): CompiledRuleset {
  return "evaluate" in r && typeof r.evaluate === "function" ? (r as CompiledRuleset) : compileRuleset(r);
}

function outcomeOf(s: Side): MigrationOutcome {
  if (!s.ok) return "rejected";
  return s.ev.grade ?? "not-gradable";
}

// The label outcome of a side: its published label, or not gradable, or rejected.
function labelOutcomeOf(s: Side): string {
  if (!s.ok) return "rejected";
  return s.ev.label ?? "not-gradable";
}

// The labels that occurred, in the scheme's order (then any others, e.g. fallback letters), then the two non-grades.
function labelOrder(r: Ruleset, seen: ReadonlySet<string>): string[] {
  const scheme = compileLabelScale(r.labels).entries.map((e) => e.label);
  const ordered = [...new Set(scheme)].filter((l) => seen.has(l));
  const rest = [...seen].filter((l) => !ordered.includes(l) && l !== "not-gradable" && l !== "rejected").sort();
  return [...ordered, ...rest, "not-gradable", "rejected"];
}

function emptyRow(): Record<MigrationOutcome, number> {
  return { A: 0, B: 0, C: 0, D: 0, E: 0, "not-gradable": 0, rejected: 0 };
}

/**
 * Evaluates every subject of a population under ruleset a and ruleset b and returns the
 * grade-migration matrix and the movers, each with its reason: the score change and the
 * indicators that drove it, rules newly fired or no longer fired, and whether the bands or
 * the score moved the grade.
 * @param a - The current ruleset (a document, a loaded ruleset or a compiled one).
 * @param b - The proposed ruleset.
 * @param population - Subjects as hosts supply them (raw data; a bad row is counted as rejected).
 * @param options - The as-of date(s) and how much detail to give.
 * @returns The migration.
 * @throws CreditGradingError `INVALID_OPTIONS` for a malformed date; `NOT_IN_EFFECT` when
 *   `allowOutOfEffect` is false and a date lies outside a ruleset's period.
 * @example
 * // v110 reweights two indicators, raises band B's lower bound 75 → 80 and adds a cap rule.
 * const m = simulate(v100, v110, subjects, { asOf: "2025-12-31" });
 * m.matrix.B.C; //=> 2
 * m.movers[0]?.summary.en;
 * //=> "B→C: score 75 → 79 (+4: penalty +9, age −5); bands moved (79 is B under 1.0.0's bands, C under 1.1.0's)"
 * m.movers[1]?.summary.en;
 * //=> "B→D: score 85 → 82 (−3: age −10, penalty +7); rule many-penalties fired (cap at D)"
 * @category Versions
 */
export function simulate(
  a: Ruleset | CompiledRuleset,
  b: Ruleset | CompiledRuleset,
  population: Iterable<unknown>,
  options: SimulateOptions,
): Migration {
  const asOf = options.asOf;
  const asOfB = options.asOfB ?? asOf;
  for (const [k, v] of [["asOf", asOf], ["asOfB", asOfB]] as const) {
    if (!isIsoDate(v)) throw new CreditGradingError("INVALID_OPTIONS", `${k} must be a date YYYY-MM-DD, received ${JSON.stringify(v)}`);
  }
  const ca = toCompiled(a);
  const cb = toCompiled(b);
  const allow = options.allowOutOfEffect ?? true;
  if (!allow) {
    for (const [c, date] of [[ca, asOf], [cb, asOfB]] as const) {
      const e = c.ruleset.effective;
      if (date < e.from || (e.to !== undefined && date > e.to)) {
        throw new CreditGradingError("NOT_IN_EFFECT", `ruleset ${c.ref.id}@${c.ref.version} is in effect ${e.from} to ${e.to ?? "open"}, not on ${date}`);
      }
    }
  }
  const run = (c: CompiledRuleset, raw: unknown, date: string): Side => {
    const r = c.safeEvaluate(raw, { asOf: date, allowOutOfEffect: allow });
    if (r.success) return { ok: true, ev: r.data };
    return { ok: false, subjectId: idOf(raw), message: r.error.message };
  };
  function* pairs(): Generator<MigrationPair> {
    for (const raw of population) yield { raw, a: run(ca, raw, asOf), b: run(cb, raw, asOfB) };
  }
  return tabulateMigration(ca, cb, asOf, asOfB, pairs(), options);
}

/**
 * One subject's outcomes under a and b, as {@link tabulateMigration} counts them.
 * @category Versions
 */
export interface MigrationPair {
  /** The subject as given (named in a mover when neither side has its id). */
  readonly raw: unknown;
  /** Its outcome under a. */
  readonly a: Side;
  /** Its outcome under b. */
  readonly b: Side;
}

/**
 * The migration matrix and movers of a sequence of subjects' outcomes under a and b: the one
 * tabulation `simulate` (two rulesets, one population) and `yearOverYear` (two years' results)
 * share.
 * @param ca - Ruleset a, compiled.
 * @param cb - Ruleset b, compiled.
 * @param asOf - The as-of date of a's outcomes.
 * @param asOfB - The as-of date of b's outcomes.
 * @param outcomes - Each subject's outcomes.
 * @param options - `topIndicators`: how many indicators to name in each mover's reason (default 3); `boundaryDistance`: list the subjects within so many points of a band boundary under b.
 * @returns The migration.
 * @category Versions
 */
export function tabulateMigration(ca: CompiledRuleset, cb: CompiledRuleset, asOf: string, asOfB: string, outcomes: Iterable<MigrationPair>, options: { readonly topIndicators?: number; readonly boundaryDistance?: number } = {}): Migration {
  const top = Math.max(0, options.topIndicators ?? 3);
  const decimals = Math.max(ca.ruleset.rounding.scale, cb.ruleset.rounding.scale);
  const names = { a: ca.ref.version, b: cb.ref.version };

  const matrix = Object.fromEntries(MIGRATION_OUTCOMES.map((o) => [o, emptyRow()])) as Record<MigrationOutcome, Record<MigrationOutcome, number>>;
  const pairs = new Map<string, Map<string, number>>();
  const rowsSeen = new Set<string>();
  const columnsSeen = new Set<string>();
  const rowTotals = emptyRow();
  const columnTotals = emptyRow();
  const movers: Mover[] = [];
  const added = new Map<string, { before: number; after: number }>();
  const countAdded = (side: Side, key: "before" | "after"): void => {
    if (!side.ok) return;
    for (const id of new Set(side.ev.addedMeasures.map((m) => m.id))) {
      const c = added.get(id) ?? added.set(id, { before: 0, after: 0 }).get(id)!;
      c[key]++;
    }
  };
  let total = 0;
  let unchanged = 0;
  let upgraded = 0;
  let downgraded = 0;
  let otherMoves = 0;
  const distance = options.boundaryDistance;
  if (distance !== undefined && !(Number.isFinite(distance) && distance >= 0)) {
    throw new CreditGradingError("INVALID_OPTIONS", `boundaryDistance must be a number of points ≥ 0, received ${String(distance)}`);
  }
  const shifts = new ShiftCollector(cb.ruleset, decimals, distance);


  let index = 0;
  for (const { raw, a: sa, b: sb } of outcomes) {
    countAdded(sa, "before");
    countAdded(sb, "after");
    shifts.add(index, sa, sb);
    const from = outcomeOf(sa);
    const to = outcomeOf(sb);
    const fromLabel = labelOutcomeOf(sa);
    const toLabel = labelOutcomeOf(sb);
    matrix[from][to]++;
    const row = pairs.get(fromLabel) ?? pairs.set(fromLabel, new Map()).get(fromLabel)!;
    row.set(toLabel, (row.get(toLabel) ?? 0) + 1);
    rowsSeen.add(fromLabel);
    columnsSeen.add(toLabel);
    rowTotals[from]++;
    columnTotals[to]++;
    total++;
    if (from === to && fromLabel === toLabel) unchanged++;
    else {
      const mover = explain(index, raw, sa, sb, from, to, ca.ruleset, cb.ruleset, top, decimals, names);
      if (mover.direction === "up") upgraded++;
      else if (mover.direction === "down") downgraded++;
      else otherMoves++;
      movers.push(mover);
    }
    index++;
  }
  const labelRows = labelOrder(ca.ruleset, rowsSeen);
  const labelColumns = labelOrder(cb.ruleset, columnsSeen);
  const labelMatrix = Object.fromEntries(labelRows.map((r) => [r, Object.fromEntries(labelColumns.map((c) => [c, pairs.get(r)?.get(c) ?? 0]))]));
  return {
    from: ca.ref, to: cb.ref, asOf, asOfB, total, matrix, labelMatrix, labelRows, labelColumns, rowTotals, columnTotals, unchanged, upgraded, downgraded, otherMoves, movers,
    addedMeasures: Object.fromEntries([...added].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
    scoreShift: shifts.scoreShift(), boundaryDistance: distance ?? null, nearBoundary: shifts.nearBoundary(),
  };
}

/**
 * Options of {@link formatMigration}.
 * @category Versions
 */
export interface FormatMigrationOptions {
  /** `zh` or `en` (default). */
  readonly locale?: "zh" | "en";
  /** `markdown` (default): a Markdown table and list; `text`: aligned plain columns. */
  readonly format?: "markdown" | "text";
  /** How many movers to list; default 20 (the rest are counted). */
  readonly maxMovers?: number;
}

/**
 * Renders a migration as a table (rows: outcome under a; columns: under b; with totals) and
 * a list of movers with their reasons. The table is by published label when either scheme
 * publishes labels other than the grade letters (or a subject moved between labels of one
 * grade), else by canonical grade.
 * @param m - A result of {@link simulate}.
 * @param options - Locale, Markdown or plain text, how many movers to list.
 * @returns The text, ending with a newline.
 * @example
 * formatMigration(simulate(v100, v110, subjects, { asOf: "2025-12-31" })).split("\n")[2];
 * //=> "| 1.0.0 \\ 1.1.0 | A | B | C | D | E | not gradable | rejected | total |"
 * // Rows are outcomes under a, columns under b; the first column and the last row and column are labels and totals.
 * @category Versions
 */
export function formatMigration(m: Migration, options: FormatMigrationOptions = {}): string {
  const l = options.locale ?? "en";
  const md = (options.format ?? "markdown") === "markdown";
  const maxMovers = Math.max(0, options.maxMovers ?? 20);
  const t = translator(l);
  // Labels, ids and reasons come from rulesets and subjects: inert in Markdown, as in rule books.
  const esc = md ? markdownText : (x: string): string => x;
  const label = (o: string): string => (o === "not-gradable" ? t("不予评价", "not gradable") : o === "rejected" ? t("数据被拒", "rejected") : esc(o));
  const totalLabel = t("合计", "total");
  const corner = `${m.from.version} \\ ${m.to.version}`;
  // A scheme that publishes labels of its own is shown in them (tax M, 绿牌 …); else by canonical grade.
  const byLabel = m.labelRows.some((x) => !MIGRATION_OUTCOMES.includes(x as MigrationOutcome)) || m.labelColumns.some((x) => !MIGRATION_OUTCOMES.includes(x as MigrationOutcome)) || m.movers.some((x) => x.from === x.to);
  const rowKeys: readonly string[] = byLabel ? m.labelRows : MIGRATION_OUTCOMES;
  const columnKeys: readonly string[] = byLabel ? m.labelColumns : MIGRATION_OUTCOMES;
  const cell = (r: string, c: string): number => (byLabel ? m.labelMatrix[r]![c]! : m.matrix[r as MigrationOutcome][c as MigrationOutcome]);
  const header = [corner, ...columnKeys.map(label), totalLabel];
  const rows: string[][] = rowKeys.map((r) => [label(r), ...columnKeys.map((c) => String(cell(r, c))), String(columnKeys.reduce((n, c) => n + cell(r, c), 0))]);
  rows.push([totalLabel, ...columnKeys.map((c) => String(rowKeys.reduce((n, r) => n + cell(r, c), 0))), String(m.total)]);

  const out: string[] = [];
  const title =
    m.from.scheme === m.to.scheme
      ? `${m.from.scheme} ${m.from.version} → ${m.to.version}`
      : `${m.from.id}@${m.from.version} → ${m.to.id}@${m.to.version}`;
  const dates = m.asOf === m.asOfB ? m.asOf : `${m.asOf} / ${m.asOfB}`;
  out.push(
    t(
      `等级迁移 ${title}（评价基准日 ${dates}），${m.total} 个主体：上调 ${m.upgraded}，下调 ${m.downgraded}，其他变化 ${m.otherMoves}，不变 ${m.unchanged}。`,
      `Grade migration ${title} (as of ${dates}), ${m.total} subjects: ${m.upgraded} up, ${m.downgraded} down, ${m.otherMoves} other, ${m.unchanged} unchanged.`,
    ),
    "",
  );
  if (md) {
    out.push(`| ${header.join(" | ")} |`);
    out.push(`|${header.map((_, i) => (i === 0 ? "---" : "--:")).join("|")}|`);
    for (const r of rows) out.push(`| ${r.map((c, i) => (i === 0 ? `**${c}**` : c)).join(" | ")} |`);
  } else {
    const width = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
    const line = (cells: readonly string[]): string =>
      cells.map((c, i) => (i === 0 ? c + " ".repeat(width[i]! - displayWidth(c)) : " ".repeat(width[i]! - displayWidth(c)) + c)).join("  ").trimEnd();
    out.push(line(header));
    out.push(width.map((w) => "-".repeat(w)).join("  "));
    for (const r of rows) out.push(line(r));
  }
  const added = Object.entries(m.addedMeasures ?? {});
  if (added.length > 0) {
    out.push("", t("规则增加的措施（主体数）：", "Measures added by rules (subjects):"), "");
    for (const [id, c] of added) out.push(`- ${esc(id)}: ${c.before} → ${c.after}`);
  }
  const sh = m.scoreShift;
  const signed = (x: number): string => (x > 0 ? `+${x}` : String(x));
  out.push(
    "",
    t(
      `得分变化（${sh.scored} 个主体两版均有得分）：上升 ${sh.raised}，下降 ${sh.lowered}，不变 ${sh.unchanged}；平均 ${signed(sh.mean)}，最大升幅 ${signed(sh.largestRise)}，最大降幅 ${signed(sh.largestDrop)}。`,
      `Score shifts (${sh.scored} subjects scored under both): ${sh.raised} up, ${sh.lowered} down, ${sh.unchanged} unchanged; mean ${signed(sh.mean)}, largest rise ${signed(sh.largestRise)}, largest drop ${signed(sh.largestDrop)}.`,
    ),
  );
  if (m.boundaryDistance !== null) {
    const d = m.boundaryDistance;
    out.push("", t(`距 ${m.to.version} 分数段边界 ${d} 分以内的主体（${m.nearBoundary.length}）：`, `Within ${d} points of a band boundary under ${m.to.version} (${m.nearBoundary.length}):`), "");
    for (const n of m.nearBoundary.slice(0, maxMovers)) {
      out.push(
        t(
          `- ${esc(n.subjectId)}：${n.score} 分（${esc(n.label)}），距 ${n.boundary} 分边界 ${n.distance} 分，另一侧为 ${esc(n.otherSide)}`,
          `- ${esc(n.subjectId)}: ${n.score} (${esc(n.label)}), ${n.distance} from the boundary at ${n.boundary}, ${esc(n.otherSide)} on the other side`,
        ),
      );
    }
    if (m.nearBoundary.length > maxMovers) out.push(t(`- ……另有 ${m.nearBoundary.length - maxMovers} 个`, `- … and ${m.nearBoundary.length - maxMovers} more`));
  }
  if (m.movers.length > 0) {
    out.push("", t(`变动主体（${m.movers.length}）：`, `Movers (${m.movers.length}):`), "");
    for (const mv of m.movers.slice(0, maxMovers)) out.push(`- ${mv.subjectId === undefined ? `#${mv.index + 1}` : esc(mv.subjectId)}: ${esc(mv.summary[l])}`);
    if (m.movers.length > maxMovers) out.push(t(`- ……另有 ${m.movers.length - maxMovers} 个`, `- … and ${m.movers.length - maxMovers} more`));
  }
  return `${out.join("\n")}\n`;
}

/** Columns a string takes in a terminal: CJK and full-width characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
