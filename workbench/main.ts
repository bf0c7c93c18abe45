/**
 * The ruleset workbench: a static page over the library's pure entry point. Edit a ruleset and
 * see every diagnostic live with its line and column; load subjects and see the grade
 * distribution, any subject's explanation, the rule book, and the diff and migration matrix
 * against another version. Nothing is sent anywhere: it runs from file:// as well.
 */
import { autocompletion } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import { type Diagnostic as CmDiagnostic, linter, lintGutter } from "@codemirror/lint";
import { EditorView, basicSetup } from "codemirror";
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import {
  type CompiledRuleset,
  compileRuleset,
  type Diagnostic,
  diffRulesets,
  type Evaluation,
  formatDiff,
  formatMigration,
  formatReport,
  gradeReport,
  GRADES,
  organisationCodeCheck,
  renderRulebook,
  simulate,
  usccCheckCharacter,
  validateRulesetText,
} from "../src/index.js";
import { explainText } from "../src/cli/explain.js";
import { _csvHeader, _CsvRecords, _csvRow } from "../src/cli/csv.js";
import type { Row } from "../src/cli/row.js";
import SHIPPED from "shipped-rulesets";
import RULESET_SCHEMA from "../schema/ruleset.schema.json" with { type: "json" };
import { type Locale, say, type WordKey } from "./i18n.js";
import { schemaCompletion } from "./schema-complete.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

interface Graded {
  readonly line: number;
  readonly id: string | undefined;
  readonly outcome: "graded" | "not-gradable" | "rejected";
  readonly grade: string | null;
  readonly score: number | null;
  readonly rules: readonly string[];
  readonly reason?: string;
  readonly subject?: unknown;
}

const state = {
  locale: (navigator.language.startsWith("zh") ? "zh" : "en") as Locale,
  compiled: undefined as CompiledRuleset | undefined,
  diagnostics: [] as readonly Diagnostic[],
  rows: [] as Row[],
  graded: [] as Graded[],
  selected: undefined as number | undefined,
  chart: undefined as Chart | undefined,
};

// ------------------------------------------------------------------ words

function applyWords(): void {
  document.documentElement.lang = state.locale === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll<HTMLElement>("[data-word]")) el.textContent = say(el.dataset["word"] as WordKey, state.locale);
  document.title = say("title", state.locale);
}

// ------------------------------------------------------------------ the ruleset

function onText(text: string): readonly CmDiagnostic[] {
  const v = validateRulesetText(text);
  state.diagnostics = v.diagnostics;
  let compiled: CompiledRuleset | undefined;
  if (v.valid && v.ruleset !== undefined) {
    try {
      compiled = compileRuleset(v.ruleset);
    } catch {
      compiled = undefined;
    }
  }
  state.compiled = compiled;
  renderDiagnostics();
  regrade();
  renderRulebookView();
  renderCompare();
  return v.diagnostics.map((d) => {
    const from = Math.min(d.position?.offset ?? 0, text.length);
    return { from, to: Math.min(from + Math.max(d.position?.length ?? 1, 1), text.length), severity: d.severity, source: d.code, message: `${d.code}: ${d.message}` };
  });
}

function renderDiagnostics(): void {
  const list = $("diagnostics");
  list.replaceChildren();
  const ds = state.diagnostics;
  $("diag-summary").textContent = ds.length === 0 ? say("noProblems", state.locale) : `${ds.length} ${say("problems", state.locale)}`;
  $("diag-summary").dataset["count"] = String(ds.length);
  for (const d of ds) {
    const li = document.createElement("li");
    li.className = `diag ${d.severity}`;
    li.dataset["code"] = d.code;
    li.dataset["line"] = String(d.position?.line ?? "");
    li.dataset["column"] = String(d.position?.column ?? "");
    const where = d.position === undefined ? "" : `${d.position.line}:${d.position.column}`;
    li.textContent = `${where} ${d.severity} ${d.code}: ${d.message}`;
    li.addEventListener("click", () => {
      if (d.position === undefined) return;
      view.dispatch({ selection: { anchor: d.position.offset, head: d.position.offset + d.position.length }, scrollIntoView: true });
      view.focus();
    });
    list.append(li);
  }
}

// ------------------------------------------------------------------ subjects

function parseSubjects(text: string): Row[] {
  const lines = text.replace(/^\ufeff/, "").split(/\r?\n/);
  const first = lines.find((l) => l.trim() !== "") ?? "";
  if (first.trimStart().startsWith("{")) {
    return lines.flatMap((l, i): Row[] => {
      if (l.trim() === "") return [];
      try {
        return [{ ok: true, line: i + 1, subject: JSON.parse(l) as unknown }];
      } catch (e) {
        return [{ ok: false, line: i + 1, subjectId: undefined, code: "NOT_JSON", reason: `not JSON: ${(e as Error).message}` }];
      }
    });
  }
  const inputs = state.compiled?.ruleset.inputs ?? [];
  const rows: Row[] = [];
  let header: ReturnType<typeof _csvHeader> | undefined;
  // The CLI's CSV reader, a line at a time (a quoted field may span lines).
  const records = new _CsvRecords();
  let start = 0;
  lines.forEach((l, i) => {
    if (!records.open && l.trim() === "") return;
    if (!records.open) start = i + 1;
    const fields = records.line(l);
    if (fields === undefined) return;
    if (header === undefined) header = _csvHeader(fields, inputs);
    else rows.push(_csvRow(start, fields, header));
  });
  return rows;
}

/** A sample population for the ruleset in the editor: every declared input drawn at random (seeded). */
function sampleSubjects(count: number): Row[] {
  const r = state.compiled?.ruleset;
  if (r === undefined) return [];
  let seed = 20221;
  const rnd = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, (_, i): Row => {
    const body = String(10000000 + i).slice(-8);
    const first17 = `91230100${body}${organisationCodeCheck(body)}`;
    const inputs: Record<string, unknown> = {};
    for (const input of r.inputs) {
      if (input.required !== true && rnd() < 0.05) continue;
      if (input.type === "boolean") inputs[input.id] = rnd() < 0.8;
      else if (input.type === "category") inputs[input.id] = input.values[Math.floor(rnd() * input.values.length)];
      else {
        const min = input.min ?? 0;
        const max = input.max ?? min + 20;
        // Most subjects near the good end, as in a real population.
        const skew = input.type === "score" ? 1 - rnd() ** 3 : rnd() ** 3;
        const v = min + skew * (Math.min(max, min + 50) - min);
        inputs[input.id] = input.type === "number" && input.integer === true ? Math.round(v) : Math.round(v * 100) / 100;
      }
    }
    return { ok: true, line: i + 1, subject: { id: first17 + usccCheckCharacter(first17), inputs, records: [] } };
  });
}

function asOf(): string {
  return $<HTMLInputElement>("asof").value;
}

function regrade(): void {
  const c = state.compiled;
  state.graded = [];
  if (c !== undefined) {
    for (const row of state.rows) {
      if (!row.ok) {
        state.graded.push({ line: row.line, id: row.subjectId, outcome: "rejected", grade: null, score: null, rules: [], reason: `${row.code}: ${row.reason}` });
        continue;
      }
      const g = c.safeGrade(row.subject, { asOf: asOf() });
      const id = (row.subject as { id?: unknown } | null)?.id;
      const sid = typeof id === "string" ? id : undefined;
      if (!g.success) state.graded.push({ line: row.line, id: sid, outcome: "rejected", grade: null, score: null, rules: [], reason: `${g.error.code}: ${g.error.message}` });
      else state.graded.push({ line: row.line, id: sid, outcome: g.data.grade === null ? "not-gradable" : "graded", grade: g.data.grade, score: g.data.score, rules: g.data.rules, subject: row.subject });
    }
  }
  renderDistribution();
  renderReport();
  renderSubjects();
  renderExplanation();
  renderCompare();
}

function renderDistribution(): void {
  const counts: Record<string, number> = Object.fromEntries([...GRADES, "not-gradable", "rejected"].map((k) => [k, 0]));
  for (const g of state.graded) counts[g.outcome === "graded" ? g.grade! : g.outcome]! += 1;
  const keys = [...GRADES, "not-gradable", "rejected"] as const;
  const name = (k: string): string => (k === "not-gradable" ? say("notGradable", state.locale) : k === "rejected" ? say("rejected", state.locale) : k);
  const total = state.graded.length;
  const table = $("distribution-table");
  table.replaceChildren();
  const head = document.createElement("tr");
  for (const w of ["grade", "count", "share"] as const) {
    const th = document.createElement("th");
    th.textContent = say(w, state.locale);
    head.append(th);
  }
  table.append(head);
  for (const k of [...keys, "total"]) {
    const tr = document.createElement("tr");
    const n = k === "total" ? total : counts[k]!;
    tr.dataset["grade"] = k;
    tr.dataset["count"] = String(n);
    for (const cell of [k === "total" ? say("total", state.locale) : name(k), String(n), total === 0 ? "—" : `${((100 * n) / total).toFixed(1)}%`]) {
      const td = document.createElement("td");
      td.textContent = cell;
      tr.append(td);
    }
    table.append(tr);
  }
  const data = keys.map((k) => counts[k]!);
  const labels = keys.map(name);
  if (state.chart === undefined) {
    state.chart = new Chart($<HTMLCanvasElement>("distribution-chart"), {
      type: "bar",
      data: { labels, datasets: [{ data, backgroundColor: ["#2e7d32", "#7cb342", "#fbc02d", "#f57c00", "#c62828", "#9e9e9e", "#616161"] }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    });
  } else {
    state.chart.data.labels = labels;
    state.chart.data.datasets[0]!.data = data;
    state.chart.update();
  }
}

// The report `credit-grading report` writes, for the subjects graded here: by province,
// prefecture, industry (the code's category) and class, with the subjects nearest a boundary.
function renderReport(): void {
  const c = state.compiled;
  const out = $("report");
  const graded = state.graded.filter((g) => g.outcome !== "rejected");
  if (c === undefined || graded.length === 0) {
    out.textContent = c === undefined ? say("needValid", state.locale) : say("needSubjects", state.locale);
    return;
  }
  try {
    const evaluations = graded.map((g) => c.evaluate(g.subject, { asOf: asOf() }));
    const report = gradeReport(evaluations, { by: ["province", "prefecture", "industry", "class"], compiled: c, nearBoundary: 1 });
    out.textContent = formatReport(report, { locale: state.locale, maxListed: 10 });
  } catch (e) {
    // Subjects the report refuses (one id twice): said, not thrown.
    out.textContent = (e as Error).message;
  }
}

const MAX_ROWS = 200;

function renderSubjects(): void {
  const table = $("subjects-table");
  table.replaceChildren();
  const head = document.createElement("tr");
  for (const w of ["rows", "id", "grade", "score", "rules"] as const) {
    const th = document.createElement("th");
    th.textContent = say(w, state.locale);
    head.append(th);
  }
  table.append(head);
  state.graded.slice(0, MAX_ROWS).forEach((g, i) => {
    const tr = document.createElement("tr");
    tr.className = `subject ${g.outcome}`;
    tr.dataset["index"] = String(i);
    const grade = g.outcome === "graded" ? g.grade! : say(g.outcome === "rejected" ? "rejected" : "notGradable", state.locale);
    for (const cell of [String(g.line), g.id ?? "—", grade, g.score === null ? "—" : String(g.score), g.outcome === "rejected" ? (g.reason ?? "") : g.rules.join(", ")]) {
      const td = document.createElement("td");
      td.textContent = cell;
      tr.append(td);
    }
    tr.addEventListener("click", () => {
      state.selected = i;
      renderExplanation();
      $("explanation").scrollIntoView({ block: "nearest" });
    });
    table.append(tr);
  });
}

function renderExplanation(): void {
  const out = $("explanation");
  const g = state.selected === undefined ? undefined : state.graded[state.selected];
  const c = state.compiled;
  if (g === undefined || c === undefined) {
    out.textContent = say("pickSubject", state.locale);
    return;
  }
  if (g.outcome === "rejected") {
    out.textContent = `${g.id ?? "—"}: ${say("rejected", state.locale)} — ${g.reason ?? ""}`;
    return;
  }
  const e: Evaluation = c.evaluate(g.subject, { asOf: asOf() });
  out.textContent = explainText(e, c, state.locale, state.locale === "zh" ? `第 ${g.line} 行` : `line ${g.line}`, g.subject);
}

function renderRulebookView(): void {
  const c = state.compiled;
  $("rulebook").textContent = c === undefined ? say("needValid", state.locale) : renderRulebook(c.ruleset, { locale: state.locale });
}

function renderCompare(): void {
  const c = state.compiled;
  const key = $<HTMLSelectElement>("compare-select").value;
  const other = SHIPPED.find((s) => s.key === key);
  if (c === undefined || other === undefined) {
    $("diff").textContent = c === undefined ? say("needValid", state.locale) : "";
    $("migration").textContent = "";
    return;
  }
  const a = compileRuleset(JSON.parse(other.text) as unknown);
  $("diff").textContent = formatDiff(diffRulesets(a, c), { locale: state.locale });
  const population = state.rows.flatMap((r) => (r.ok ? [r.subject] : []));
  $("migration").textContent =
    population.length === 0 ? say("needSubjects", state.locale) : formatMigration(simulate(a, c, population, { asOf: asOf() }), { locale: state.locale, format: "text", maxMovers: 10 });
}

// ------------------------------------------------------------------ the page

const schema = RULESET_SCHEMA as Record<string, unknown>;
const view = new EditorView({
  parent: $("editor"),
  doc: "",
  extensions: [
    basicSetup,
    json(),
    lintGutter(),
    linter((v) => onText(v.state.doc.toString()), { delay: 250 }),
    autocompletion({ override: [schemaCompletion(schema)] }),
    EditorView.theme({ "&": { height: "100%" }, ".cm-scroller": { overflow: "auto" } }),
  ],
});

function setText(text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

function init(): void {
  const select = $<HTMLSelectElement>("ruleset-select");
  const compare = $<HTMLSelectElement>("compare-select");
  for (const s of SHIPPED) {
    select.append(new Option(s.key, s.key));
    compare.append(new Option(s.key, s.key));
  }
  select.value = SHIPPED.find((s) => s.key === "hlj-public-composite@1.1.0")?.key ?? SHIPPED[0]!.key;
  compare.value = SHIPPED.find((s) => s.key === "hlj-public-composite@1.0.0")?.key ?? "";
  select.addEventListener("change", () => setText(SHIPPED.find((s) => s.key === select.value)!.text));
  compare.addEventListener("change", renderCompare);
  $<HTMLSelectElement>("locale").value = state.locale;
  $<HTMLSelectElement>("locale").addEventListener("change", (ev) => {
    state.locale = (ev.target as HTMLSelectElement).value as Locale;
    applyWords();
    renderDiagnostics();
    renderDistribution();
    renderReport();
    renderSubjects();
    renderExplanation();
    renderRulebookView();
    renderCompare();
  });
  $<HTMLInputElement>("ruleset-file").addEventListener("change", async (ev) => {
    const f = (ev.target as HTMLInputElement).files?.[0];
    if (f !== undefined) setText(await f.text());
  });
  $<HTMLInputElement>("subjects-file").addEventListener("change", async (ev) => {
    const f = (ev.target as HTMLInputElement).files?.[0];
    if (f === undefined) return;
    try {
      state.rows = parseSubjects(await f.text());
      $("subjects-status").textContent = `${f.name}: ${state.rows.length} ${say("rows", state.locale)}`;
    } catch (e) {
      state.rows = [];
      $("subjects-status").textContent = `${f.name}: ${(e as Error).message}`;
    }
    state.selected = undefined;
    regrade();
  });
  $("sample-btn").addEventListener("click", () => {
    state.rows = sampleSubjects(Number($<HTMLInputElement>("sample-count").value) || 500);
    $("subjects-status").textContent = `${say("sample", state.locale)}: ${state.rows.length} ${say("rows", state.locale)}`;
    state.selected = undefined;
    regrade();
  });
  $("asof").addEventListener("change", regrade);
  applyWords();
  setText(SHIPPED.find((s) => s.key === select.value)!.text);
  // The first render: the editor filled, checked, the rule book and diff drawn.
  onText(view.state.doc.toString());
  const ms = performance.now();
  document.body.dataset["firstRenderMs"] = ms.toFixed(0);
  document.body.dataset["ready"] = "true";
}

declare global {
  interface Window {
    /** For tests and the curious: the editor and a way to replace its text. */
    workbench: { view: EditorView; setText: (text: string) => void };
  }
}
window.workbench = { view, setText };
init();
