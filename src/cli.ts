/**
 * The `credit-grading` command line: validate, evaluate, explain, diff, simulate, rulebook,
 * plan, deadline. A thin edge over the library: it reads files and streams, calls the pure
 * core and writes results. Exit codes: 0 success, 1 findings (an invalid ruleset, rejected
 * rows, a plan with problems), 2 usage, configuration or I/O errors.
 * @module
 */
import { openSync, readdirSync, readFileSync, statSync, type WriteStream, createWriteStream } from "node:fs";
import { join } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Writable } from "node:stream";
import { Worker } from "node:worker_threads";
import {
  addWorkingDays,
  CLASS_NAMES,
  type CompiledRuleset,
  CreditGradingError,
  diffRulesets,
  type Evaluation,
  formatDiagnostic,
  formatDiff,
  formatMigration,
  type Grade,
  gradeClass,
  GRADES,
  type Inspector,
  type InspectionPlan,
  isGrade,
  isIsoDate,
  type PlanInput,
  type PlanSubject,
  planInspections,
  renderRulebook,
  simulate,
  validateRulesetText,
  verifyPlan,
  VERSION,
} from "./index.js";
import { explainText, nextGrade } from "./cli-explain.js";
import { addTally, newTally, rowGrader, type Tally, packBatch, type WorkerInit, type WorkerReply } from "./cli-evaluate.js";
import {
  CliError,
  EXIT,
  formatOf,
  openInput,
  pad,
  type Paint,
  paintFor,
  type JsonLine,
  readRawRowBatches,
  readRowBatches,
  readRows,
  type Rejection,
  rejectionOf,
  type Row,
  resolveRuleset,
  stripBom,
  today,
  write,
} from "./cli-io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Command = { summary: string; usage: string; run: (argv: string[]) => Promise<number> };

const BIN = "credit-grading";
const HELP = { help: { type: "boolean", short: "h" } } as const;
const RULESET_DIR = { "rulesets-dir": { type: "string" } } as const;

// ------------------------------------------------------------------ arguments

function _parse<O extends Options>(cmd: string, argv: string[], options: O, positionals: [min: number, max: number]) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...HELP, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    const flag = /'([^']+)'/.exec(err.message)?.[1];
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new CliError(`${cmd}: unknown flag ${flag ?? err.message} (see ${BIN} ${cmd} --help)`);
    if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new CliError(`${cmd}: ${err.message.replace(/\.$/, "")} (see ${BIN} ${cmd} --help)`);
    throw new CliError(`${cmd}: ${err.message}`);
  }
  const help = (parsed.values as { help?: boolean }).help === true;
  if (!help) {
    const n = parsed.positionals.length;
    if (n < positionals[0]) throw new CliError(`${cmd}: missing argument (usage: ${COMMANDS[cmd]!.usage.split("\n")[0]})`);
    if (n > positionals[1]) throw new CliError(`${cmd}: unexpected argument ${JSON.stringify(parsed.positionals[positionals[1]])} (usage: ${COMMANDS[cmd]!.usage.split("\n")[0]})`);
  }
  return { values: parsed.values, positionals: parsed.positionals, help };
}

function _date(flag: string, v: string | undefined): string | undefined {
  if (v !== undefined && !isIsoDate(v)) throw new CliError(`${flag} must be a date YYYY-MM-DD, received ${JSON.stringify(v)}`);
  return v;
}

function _locale(v: string | undefined, fallback: "zh" | "en"): "zh" | "en" {
  if (v === undefined) return fallback;
  if (v !== "zh" && v !== "en") throw new CliError(`--locale must be zh or en, received ${JSON.stringify(v)}`);
  return v;
}

function _int(flag: string, v: string | undefined, fallback: number, min = 0): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new CliError(`${flag} must be a whole number ≥ ${min}, received ${JSON.stringify(v)}`);
  return Number(v);
}

function _inEffect(compiled: CompiledRuleset, asOf: string, given: boolean): void {
  const { from, to } = compiled.ruleset.effective;
  if (asOf < from || (to !== undefined && asOf > to)) {
    const period = `${from} to ${to ?? "open-ended"}`;
    throw new CliError(
      `${compiled.ref.id}@${compiled.ref.version} is in effect ${period}, not on ${asOf}${given ? "" : " (today; --as-of was not given)"}: pass --as-of within that period`,
    );
  }
}

// Opened synchronously so a bad path is a clean exit 2 before any row is read.
function _openOut(path: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${(e as Error).message}`);
  }
  return createWriteStream("", { fd });
}

const _end = (s: Writable): Promise<void> => new Promise((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())));

function _readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CliError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(stripBom(text)) as unknown;
  } catch (e) {
    throw new CliError(`${what} ${path} is not JSON: ${(e as Error).message}`);
  }
}

const _json = (v: unknown): string => `${JSON.stringify(v)}\n`;

// ------------------------------------------------------------------ validate

async function validate(argv: string[]): Promise<number> {
  const { values, positionals, help } = _parse("validate", argv, { json: { type: "boolean" } }, [1, Infinity]);
  if (help) return _help("validate");
  const paint = paintFor(process.stdout);
  const files = positionals.flatMap(_expand);
  const reports: { file: string; valid: boolean; diagnostics: unknown[]; error?: string }[] = [];
  let ioError = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      ioError = true;
      reports.push({ file, valid: false, diagnostics: [], error: `cannot read: ${(e as Error).message}` });
      continue;
    }
    const { valid, diagnostics } = validateRulesetText(stripBom(text));
    reports.push({ file, valid, diagnostics: [...diagnostics] });
  }
  const invalid = reports.filter((r) => !r.valid && r.error === undefined).length;
  if (values.json) {
    process.stdout.write(_json({ files: reports, invalid, unreadable: reports.filter((r) => r.error !== undefined).length }));
  } else {
    let errors = 0;
    let warnings = 0;
    for (const r of reports) {
      if (r.error !== undefined) {
        process.stderr.write(`${r.file}: ${paint.red("error")} ${r.error}\n`);
        continue;
      }
      const ds = r.diagnostics as Parameters<typeof formatDiagnostic>[0][];
      for (const d of ds) {
        const line = formatDiagnostic(d);
        const colour = d.severity === "error" ? paint.red : d.severity === "warning" ? paint.yellow : paint.dim;
        process.stdout.write(`${r.file}: ${line.replace(/^\S+/, (s) => colour(s))}\n`);
        if (d.severity === "error") errors++;
        else if (d.severity === "warning") warnings++;
      }
      if (ds.length === 0) process.stdout.write(`${r.file}: ${paint.green("ok")}\n`);
    }
    const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? "" : "s"}`;
    process.stdout.write(`${plural(files.length, "file")}: ${plural(invalid, "invalid ruleset")}, ${plural(errors, "error")}, ${plural(warnings, "warning")}\n`);
  }
  return ioError ? EXIT.usage : invalid > 0 ? EXIT.findings : EXIT.ok;
}

// A folder stands for the ruleset files under it (golden cases left out).
function _expand(path: string): string[] {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return [path]; // reported as unreadable
  }
  if (!isDir) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((d) => (d.isDirectory() ? _expand(join(path, d.name)) : d.name.endsWith(".json") && !d.name.endsWith(".golden.json") ? [join(path, d.name)] : []));
}

// ------------------------------------------------------------------ evaluate

const EVALUATE_OPTIONS = {
  ruleset: { type: "string", short: "r" },
  ...RULESET_DIR,
  "as-of": { type: "string" },
  format: { type: "string" },
  rejects: { type: "string" },
  output: { type: "string", short: "o" },
  summary: { type: "boolean" },
  full: { type: "boolean" },
  json: { type: "boolean" },
  workers: { type: "string" },
} as const;

function _rulesetFor(values: { ruleset?: string | undefined; "rulesets-dir"?: string | undefined; "as-of"?: string | undefined }, cmd: string) {
  if (values.ruleset === undefined) throw new CliError(`${cmd}: --ruleset is required (a file, scheme@version or scheme)`);
  const given = _date("--as-of", values["as-of"]);
  const asOf = given ?? today();
  const compiled = resolveRuleset(values.ruleset, { dir: values["rulesets-dir"] ?? "rulesets", asOf });
  _inEffect(compiled, asOf, given !== undefined);
  return { compiled, asOf };
}

/** `--workers`: a positive whole number (default 1, the in-process path). */
function _workers(v: string | undefined): number {
  if (v === undefined) return 1;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 256) throw new CliError(`--workers must be a whole number from 1 to 256, received ${JSON.stringify(v)}`);
  return Number(v);
}

async function evaluate(argv: string[]): Promise<number> {
  const { values, positionals, help } = _parse("evaluate", argv, EVALUATE_OPTIONS, [0, 1]);
  if (help) return _help("evaluate");
  const workers = _workers(values.workers);
  const { compiled, asOf } = _rulesetFor(values, "evaluate");
  const inputPath = positionals[0];
  const format = formatOf(values.format, inputPath);
  const input = openInput(inputPath);
  const out: Writable | undefined = values.summary ? undefined : values.output !== undefined ? _openOut(values.output) : process.stdout;
  const rejects = values.rejects !== undefined ? _openOut(values.rejects) : undefined;
  const errPaint = paintFor(process.stderr);

  const tally = newTally();
  const progress = _progress(input);
  const reject = async (r: Rejection): Promise<void> => {
    if (rejects) await write(rejects, _json(r));
    else {
      progress.clear();
      process.stderr.write(`${errPaint.yellow("rejected")} line ${r.line}${r.id !== undefined ? ` ${r.id}` : ""}: ${r.code}: ${r.reason}\n`);
    }
  };
  const graderOptions = { full: values.full === true, emit: out !== undefined };
  if (workers === 1) {
    // Result lines are gathered and written 64 KiB at a time (one write and at most one wait for
    // `drain` per batch, not per line): memory stays bounded by the batch and the stream's buffer.
    const grade = rowGrader(compiled, asOf, graderOptions);
    let batch = "";
    for await (const rowBatch of readRowBatches(input, format, compiled.ruleset.inputs)) {
      for (const row of rowBatch) {
        const r = grade(row, tally);
        if (typeof r !== "string") await reject(r);
        else if (r !== "") {
          batch += r;
          if (batch.length >= 65_536) {
            const chunk = batch;
            batch = "";
            await write(out!, chunk);
          }
        }
        progress.tick(tally.rows, tally.rejected);
      }
    }
    if (out && batch !== "") await write(out, batch);
  } else {
    await _evaluateInWorkers(workers, compiled, asOf, graderOptions, readRawRowBatches(input, format, compiled.ruleset.inputs), async (r) => {
      for (const x of r.rejects) await reject(x);
      if (out && r.out !== "") await write(out, r.out);
      addTally(tally, r.tally);
      progress.tick(tally.rows, tally.rejected);
    });
  }
  progress.clear();
  if (out && out !== process.stdout) await _end(out);
  if (rejects) await _end(rejects);

  const { rows, notGradable, rejected } = tally;
  const summary = {
    ruleset: { id: compiled.ref.id, version: compiled.ref.version, contentHash: compiled.ref.contentHash },
    asOf,
    rows,
    graded: rows - notGradable - rejected,
    notGradable,
    rejected,
    distribution: Object.fromEntries(GRADES.map((g, i) => [g, tally.grades[i]!])) as Record<Grade, number>,
    ...(values.rejects !== undefined ? { rejects: values.rejects } : {}),
  };
  const stream = values.summary ? process.stdout : process.stderr;
  stream.write(values.json ? _json(summary) : _summaryText(summary, compiled, paintFor(stream)));
  return rejected > 0 ? EXIT.findings : EXIT.ok;
}

/** Rows per batch sent to a worker thread (fewer for `--full`, whose lines are ~10× longer), and input characters at most. */
const WORKER_BATCH_ROWS = 1000;
const WORKER_BATCH_ROWS_FULL = 200;
const WORKER_BATCH_CHARS = 1 << 20;
/** Batches sent but not yet written, per worker: bounds memory (back-pressure on the input). */
const WORKER_IN_FLIGHT = 2;

/**
 * `evaluate --workers n`: the main thread reads and splits the input, sends numbered batches to
 * n worker threads (each compiles the ruleset once), and hands back the answers in input order.
 * At most `n × WORKER_IN_FLIGHT` batches are out (sent, not yet written): reading waits for
 * them, and they wait for a slow output (`onBatch` awaits its writes).
 */
async function _evaluateInWorkers(
  n: number,
  compiled: CompiledRuleset,
  asOf: string,
  options: { full: boolean; emit: boolean },
  batches: AsyncIterable<(Row | JsonLine)[]>,
  onBatch: (r: { out: string; rejects: readonly Rejection[]; tally: Tally }) => Promise<void>,
): Promise<void> {
  const here = import.meta.url;
  const script = new URL(here.endsWith(".ts") ? "./cli-worker.ts" : "./cli-worker.js", here);
  const init: WorkerInit = { ruleset: compiled.ruleset, contentHash: compiled.ref.contentHash, asOf, ...options };
  const done = new Map<number, WorkerReply>();
  const busy = new Array<number>(n).fill(0);
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let finished = false;
  const pool = Array.from({ length: n }, (_, i) => {
    // A worker holds the compiled ruleset and a batch or two: a small young generation and a
    // bounded old one make it collect early rather than let its heap grow (every thread's heap
    // counts in the process's RSS: about 85 MiB per worker without limits, about 65 with).
    const w = new Worker(script, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 64 } });
    w.on("message", (m: WorkerReply) => {
      busy[i]!--;
      if ("error" in m) failure ??= new Error(`worker thread ${i + 1}: ${m.error}`);
      else done.set(m.seq, m);
      signal();
    });
    w.on("error", (e: Error) => {
      failure ??= new Error(`worker thread ${i + 1}: ${e.stack ?? e.message}`);
      signal();
    });
    w.on("exit", (code) => {
      if (!finished) failure ??= new Error(`worker thread ${i + 1} exited (code ${code})`);
      signal();
    });
    return w;
  });
  let sent = 0;
  let written = 0;
  const writeReady = async (): Promise<void> => {
    for (let r = done.get(written); r !== undefined && !("error" in r); r = done.get(written)) {
      done.delete(written);
      written++;
      await onBatch(r);
    }
  };
  const waitForAnswer = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  const send = async (units: (Row | JsonLine)[]): Promise<void> => {
    for (;;) {
      await writeReady();
      if (failure) throw failure;
      let pick = -1;
      if (sent - written < n * WORKER_IN_FLIGHT) for (let i = 0; i < n; i++) if (busy[i]! < WORKER_IN_FLIGHT && (pick < 0 || busy[i]! < busy[pick]!)) pick = i;
      if (pick >= 0) {
        busy[pick]!++;
        pool[pick]!.postMessage(packBatch(sent++, units));
        return;
      }
      await waitForAnswer();
    }
  };
  try {
    const rowsPerBatch = options.full ? WORKER_BATCH_ROWS_FULL : WORKER_BATCH_ROWS;
    let units: (Row | JsonLine)[] = [];
    let chars = 0;
    for await (const chunk of batches) {
      for (const u of chunk) {
        units.push(u);
        if (u.ok === "json") chars += u.text.length;
        if (units.length >= rowsPerBatch || chars >= WORKER_BATCH_CHARS) {
          await send(units);
          units = [];
          chars = 0;
        }
      }
    }
    if (units.length > 0) await send(units);
    for (;;) {
      await writeReady();
      if (failure) throw failure;
      if (written === sent) break;
      await waitForAnswer();
    }
  } finally {
    finished = true;
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

function _summaryText(
  s: { rows: number; notGradable: number; rejected: number; graded: number; asOf: string; distribution: Record<Grade, number>; rejects?: string },
  compiled: CompiledRuleset,
  paint: Paint,
): string {
  const labels = new Map(compiled.ruleset.labels?.map((l) => [l.grade, l.label]) ?? []);
  const pct = (n: number): string => `${(s.rows === 0 ? 0 : (n / s.rows) * 100).toFixed(1).padStart(5)}%`;
  const max = Math.max(1, ...GRADES.map((g) => s.distribution[g]));
  const out = [
    paint.bold(`${compiled.ruleset.name.zh} ${compiled.ref.id}@${compiled.ref.version}, as of ${s.asOf}: ${s.rows} rows, ${s.graded} graded, ${s.notGradable} not gradable, ${s.rejected} rejected`),
    `Grade distribution (等级分布):`,
  ];
  for (const g of GRADES) {
    const label = labels.get(g);
    const head = pad(`${pad(label !== undefined && label !== g ? `${g} ${label}` : g, 6)}${CLASS_NAMES[gradeClass(g)].zh}`, 22);
    out.push(`  ${head}${String(s.distribution[g]).padStart(6)} ${pct(s.distribution[g])}  ${"█".repeat(Math.round((s.distribution[g] / max) * 40))}`);
  }
  out.push(`  ${pad("不予评价 not gradable", 22)}${String(s.notGradable).padStart(6)} ${pct(s.notGradable)}`);
  const where = s.rejected === 0 ? "" : s.rejects !== undefined ? `  → ${s.rejects}` : "  (listed above)";
  out.push(`  ${pad("拒收 rejected", 22)}${String(s.rejected).padStart(6)} ${pct(s.rejected)}${s.rejected > 0 ? paint.yellow(where) : ""}`);
  out.push(`  ${pad("合计 total", 22)}${String(s.rows).padStart(6)} ${pct(s.rows)}`);
  return `${out.join("\n")}\n`;
}

// A line of progress on stderr, only when stderr is a terminal.
function _progress(input: NodeJS.ReadableStream): { tick: (rows: number, rejected: number) => void; clear: () => void } {
  if (!process.stderr.isTTY) return { tick: () => undefined, clear: () => undefined };
  const size = (() => {
    const path = (input as { path?: unknown }).path;
    try {
      return typeof path === "string" ? statSync(path).size : 0;
    } catch {
      return 0;
    }
  })();
  let last = 0;
  let shown = false;
  return {
    tick(rows, rejected) {
      if (rows % 500 !== 0) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const read = (input as { bytesRead?: number }).bytesRead ?? 0;
      const pct = size > 0 ? ` ${Math.min(100, Math.floor((read / size) * 100))}%` : "";
      process.stderr.write(`\r\u001b[K${BIN} evaluate:${pct} ${rows} rows, ${rejected} rejected`);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write("\r\u001b[K");
      shown = false;
    },
  };
}

// ------------------------------------------------------------------ explain

async function explain(argv: string[]): Promise<number> {
  const { values, positionals, help } = _parse(
    "explain",
    argv,
    {
      ruleset: { type: "string", short: "r" },
      ...RULESET_DIR,
      "as-of": { type: "string" },
      format: { type: "string" },
      id: { type: "string" },
      line: { type: "string" },
      locale: { type: "string" },
      json: { type: "boolean" },
    },
    [0, 1],
  );
  if (help) return _help("explain");
  const locale = _locale(values.locale, "zh");
  const wantLine = values.line === undefined ? undefined : _int("--line", values.line, 0, 1);
  const { compiled, asOf } = _rulesetFor(values, "explain");
  const inputPath = positionals[0];
  const input = openInput(inputPath);
  let chosen: Row | undefined;
  let seen = 0;
  for await (const row of readRows(input, formatOf(values.format, inputPath), compiled.ruleset.inputs)) {
    seen++;
    const id = row.ok ? _idOf(row.subject) : row.subjectId;
    const match = values.id !== undefined ? id === values.id : wantLine !== undefined ? row.line === wantLine : true;
    if (!match) continue;
    if (values.id === undefined && wantLine === undefined && chosen !== undefined) {
      throw new CliError(`explain: the input holds more than one subject; choose one with --id or --line`);
    }
    chosen = row;
    if (values.id !== undefined || wantLine !== undefined) break;
  }
  (input as { destroy?: () => void }).destroy?.();
  if (chosen === undefined) {
    const what = values.id !== undefined ? `no subject with id ${values.id}` : wantLine !== undefined ? `no subject on line ${wantLine}` : "no subject";
    throw new CliError(`explain: ${what} in ${inputPath ?? "stdin"} (${seen} rows read)`);
  }
  return _explainRow(chosen, compiled, asOf, locale, values.json === true);
}

function _explainRow(row: Row, compiled: CompiledRuleset, asOf: string, locale: "zh" | "en", json: boolean): number {
  const rejection = !row.ok
    ? { line: row.line, id: row.subjectId, code: row.code, reason: row.reason }
    : (() => {
        const r = compiled.safeEvaluate(row.subject, { asOf, trace: false });
        return r.success ? r.data : rejectionOf(row.line, row.subject, r.error);
      })();
  if ("code" in rejection) {
    if (json) process.stdout.write(_json({ rejected: rejection }));
    else process.stdout.write(`line ${rejection.line}${rejection.id !== undefined ? ` ${rejection.id}` : ""}: rejected: ${rejection.code}: ${rejection.reason}\n`);
    return EXIT.findings;
  }
  const e = rejection;
  const where = locale === "zh" ? `第 ${row.line} 行` : `line ${row.line}`;
  if (json) process.stdout.write(_json({ line: row.line, evaluation: e, nextGrade: nextGrade(e, compiled) }));
  else process.stdout.write(explainText(e, compiled, locale, where));
  return EXIT.ok;
}

const _idOf = (s: unknown): string | undefined =>
  s !== null && typeof s === "object" && typeof (s as { id?: unknown }).id === "string" ? (s as { id: string }).id : undefined;

// ------------------------------------------------------------------ diff, simulate, rulebook

async function diff(argv: string[]): Promise<number> {
  const { values, positionals, help } = _parse("diff", argv, { ...RULESET_DIR, "as-of": { type: "string" }, locale: { type: "string" }, json: { type: "boolean" } }, [2, 2]);
  if (help) return _help("diff");
  const locale = _locale(values.locale, "en");
  const lookup = { dir: values["rulesets-dir"] ?? "rulesets", asOf: _date("--as-of", values["as-of"]) };
  const a = resolveRuleset(positionals[0]!, lookup);
  const b = resolveRuleset(positionals[1]!, lookup);
  const changes = diffRulesets(a, b);
  if (values.json) process.stdout.write(_json({ from: a.ref, to: b.ref, changes }));
  else {
    process.stdout.write(`# ${a.ref.id}@${a.ref.version} → ${b.ref.id}@${b.ref.version}\n\n`);
    process.stdout.write(formatDiff(changes, { locale }));
  }
  return EXIT.ok;
}

async function simulateCmd(argv: string[]): Promise<number> {
  const { values, positionals, help } = _parse(
    "simulate",
    argv,
    {
      ...RULESET_DIR,
      "as-of": { type: "string" },
      "as-of-b": { type: "string" },
      format: { type: "string" },
      locale: { type: "string" },
      "max-movers": { type: "string" },
      plain: { type: "boolean" },
      json: { type: "boolean" },
    },
    [3, 3],
  );
  if (help) return _help("simulate");
  const locale = _locale(values.locale, "en");
  const given = _date("--as-of", values["as-of"]);
  const asOf = given ?? today();
  const asOfB = _date("--as-of-b", values["as-of-b"]);
  const lookup = { dir: values["rulesets-dir"] ?? "rulesets", asOf };
  const a = resolveRuleset(positionals[0]!, lookup);
  const b = resolveRuleset(positionals[1]!, asOfB !== undefined ? { ...lookup, asOf: asOfB } : lookup);
  const maxMovers = _int("--max-movers", values["max-movers"], 20);
  // The migration lists every mover, so the population is held in memory (unlike evaluate).
  const population: unknown[] = [];
  let unreadable = 0;
  const path = positionals[2]!;
  for await (const row of readRows(openInput(path), formatOf(values.format, path), a.ruleset.inputs)) {
    if (row.ok) population.push(row.subject);
    else {
      unreadable++;
      population.push(row.reason); // counted as rejected in the matrix, so no row is dropped
      process.stderr.write(`line ${row.line}: ${row.code}: ${row.reason}\n`);
    }
  }
  let m;
  try {
    m = simulate(a, b, population, { asOf, ...(asOfB !== undefined ? { asOfB } : {}) });
  } catch (e) {
    if (e instanceof CreditGradingError) throw new CliError(`simulate: ${e.message}`);
    throw e;
  }
  if (values.json) process.stdout.write(_json(m));
  else process.stdout.write(formatMigration(m, { locale, format: values.plain ? "text" : "markdown", maxMovers }));
  return unreadable > 0 ? EXIT.findings : EXIT.ok;
}

async function rulebook(argv: string[]): Promise<number> {
  const { values, positionals, help } = _parse("rulebook", argv, { ...RULESET_DIR, "as-of": { type: "string" }, locale: { type: "string" } }, [1, 1]);
  if (help) return _help("rulebook");
  const locale = _locale(values.locale, "zh");
  const compiled = resolveRuleset(positionals[0]!, { dir: values["rulesets-dir"] ?? "rulesets", asOf: _date("--as-of", values["as-of"]) });
  process.stdout.write(renderRulebook(compiled.ruleset, { locale }));
  return EXIT.ok;
}

// ------------------------------------------------------------------ plan

async function plan(argv: string[]): Promise<number> {
  const { values, help } = _parse(
    "plan",
    argv,
    {
      population: { type: "string" },
      inspectors: { type: "string" },
      seed: { type: "string" },
      ruleset: { type: "string", short: "r" },
      ...RULESET_DIR,
      "as-of": { type: "string" },
      ratio: { type: "string", multiple: true },
      "inspectors-per-inspection": { type: "string" },
      verify: { type: "string" },
      json: { type: "boolean" },
    },
    [0, 0],
  );
  if (help) return _help("plan");
  for (const k of ["population", "inspectors", "seed"] as const) if (values[k] === undefined) throw new CliError(`plan: --${k} is required`);
  const ruleset =
    values.ruleset === undefined ? undefined : resolveRuleset(values.ruleset, { dir: values["rulesets-dir"] ?? "rulesets", asOf: _date("--as-of", values["as-of"]) });
  const rosterJson = _readJsonFile(values.inspectors!, "inspector roster");
  const roster = Array.isArray(rosterJson) ? rosterJson : (rosterJson as { inspectors?: unknown })?.inspectors;
  if (!Array.isArray(roster)) throw new CliError(`inspector roster ${values.inspectors}: expected a JSON array of { id, unit, conflicts?, available? } (or { "inspectors": [...] })`);
  const ratios: Partial<Record<Grade, number>> = {};
  for (const r of values.ratio ?? []) {
    const m = /^([A-E])=(\d*\.?\d+)$/.exec(r);
    if (!m) throw new CliError(`--ratio must look like C=0.2 (a grade and a share 0–1), received ${JSON.stringify(r)}`);
    ratios[m[1] as Grade] = Number(m[2]);
  }
  const population: PlanSubject[] = [];
  let unreadable = 0;
  for await (const row of readRows(openInput(values.population), "ndjson", [])) {
    const s = row.ok ? _planSubject(row.subject) : row.reason;
    if (typeof s === "string") {
      unreadable++;
      process.stderr.write(`line ${row.line}: rejected: ${s}\n`);
    } else population.push(s);
  }
  const input: PlanInput = {
    seed: values.seed!,
    population,
    roster: roster as Inspector[],
    ...(ruleset ? { ruleset } : {}),
    ...(Object.keys(ratios).length > 0 ? { ratios } : {}),
    ...(values["inspectors-per-inspection"] !== undefined ? { inspectorsPerInspection: _int("--inspectors-per-inspection", values["inspectors-per-inspection"], 2, 2) } : {}),
  };
  if (values.verify !== undefined) {
    const problems = verifyPlan(_readJsonFile(values.verify, "plan") as InspectionPlan, input);
    if (values.json) process.stdout.write(_json({ ok: problems.length === 0, problems }));
    else {
      for (const p of problems) process.stdout.write(`${p.code}: ${p.message}\n`);
      process.stdout.write(problems.length === 0 ? `${values.verify}: the plan verifies (same draw from the same seed, every constraint holds)\n` : `${problems.length} problems\n`);
    }
    return problems.length > 0 || unreadable > 0 ? EXIT.findings : EXIT.ok;
  }
  const p = planInspections(input);
  if (values.json) process.stdout.write(_json(p));
  else process.stdout.write(_planText(p));
  return !p.ok || unreadable > 0 ? EXIT.findings : EXIT.ok;
}

// A line of `evaluate` output, a full evaluation, or a plan subject.
function _planSubject(o: unknown): PlanSubject | string {
  if (o === null || typeof o !== "object" || Array.isArray(o)) return "expected a JSON object";
  const r = o as Record<string, unknown>;
  const id = typeof r["subjectId"] === "string" ? r["subjectId"] : typeof r["id"] === "string" ? r["id"] : undefined;
  if (id === undefined) return "no subjectId (or id)";
  const grade = r["grade"] ?? null;
  if (grade !== null && !(typeof grade === "string" && isGrade(grade))) return `subject ${id}: grade must be A–E or null, received ${JSON.stringify(grade)}`;
  return {
    subjectId: id,
    grade: grade as Grade | null,
    ...(typeof r["unit"] === "string" ? { unit: r["unit"] } : {}),
    ...(Array.isArray(r["lastInspectors"]) ? { lastInspectors: r["lastInspectors"] as string[] } : {}),
    ...(r["excluded"] === true ? { excluded: true } : {}),
  };
}

function _planText(p: InspectionPlan): string {
  const out = [
    `Inspection plan (双随机、一公开): seed ${JSON.stringify(p.seed)}, ${p.algorithm}`,
    `ruleset ${p.ruleset ? `${p.ruleset.id}@${p.ruleset.version}` : "(none)"}, sampling from ${p.samplingSource}, ${p.inspectorsPerInspection} inspectors per inspection, ${p.populationSize} subjects`,
    "",
    "grade  population  ratio   drawn",
  ];
  for (const g of p.grades) out.push(`${pad(g.grade, 7)}${String(g.population).padStart(10)}  ${(g.ratio === null ? "-" : `${Math.round(g.ratio * 10000) / 100}%`).padStart(6)}  ${String(g.drawn).padStart(6)}`);
  if (p.notGraded.length > 0) out.push(`not graded (in no draw): ${p.notGraded.length}`);
  out.push("", "Draws:");
  for (const d of p.draws) {
    const fb = d.fallbacks.length > 0 ? ` (reused last time: ${d.fallbacks.map((f) => f.inspectorId).join(", ")})` : "";
    out.push(`  ${d.grade} #${d.order} ${d.subjectId}${d.unit ? ` [${d.unit}]` : ""}: ${d.inspectors.join(", ")}${fb}`);
  }
  if (p.problems.length > 0) {
    out.push("", "Problems:");
    for (const pr of p.problems) out.push(`  ${pr.code}: ${pr.message}`);
  }
  return `${out.join("\n")}\n`;
}

// ------------------------------------------------------------------ deadline

async function deadline(argv: string[]): Promise<number> {
  const { values, positionals, help } = _parse("deadline", argv, { "working-days": { type: "string" }, json: { type: "boolean" } }, [1, 1]);
  if (help) return _help("deadline");
  const start = _date("date", positionals[0])!;
  const n = _int("--working-days", values["working-days"], 7);
  let end: string;
  try {
    end = addWorkingDays(start, n);
  } catch (e) {
    throw new CliError(`deadline: ${(e as Error).message}`);
  }
  if (values.json) process.stdout.write(_json({ start, workingDays: n, deadline: end }));
  else process.stdout.write(`${end}\n${start} + ${n} working days (the start day not counted; mainland China public holidays and make-up working days)\n`);
  return EXIT.ok;
}

// ------------------------------------------------------------------ help

const COMMANDS: Record<string, Command> = {
  validate: {
    summary: "check ruleset files: every diagnostic of every file",
    usage: `${BIN} validate <file|folder...> [--json]
  Folders stand for the ruleset files under them (golden cases left out).
  --json   one JSON document on stdout: { files: [{ file, valid, diagnostics }], invalid }
Exit: 0 all valid (warnings allowed), 1 an invalid ruleset, 2 an unreadable file.`,
    run: validate,
  },
  evaluate: {
    summary: "grade subjects (NDJSON or CSV, file or stdin) to NDJSON results",
    usage: `${BIN} evaluate --ruleset <file|scheme@version|scheme> [options] [input]
  -r, --ruleset <r>      a ruleset file, scheme@version from --rulesets-dir, or a scheme (the version in force on --as-of)
  --rulesets-dir <dir>   the registry folder, <dir>/<id>/<version>.json (default: rulesets)
  --as-of <date>         the as-of date YYYY-MM-DD (default: today)
  --format ndjson|csv    the input format (default: from the extension, else the first line)
  --rejects <file>       rejected rows as NDJSON { line, id, code, reason } (default: stderr, as text)
  -o, --output <file>    results to a file instead of stdout
  --full                 each result line is the whole evaluation (with "line")
  --summary              no results: the summary on stdout instead
  --json                 the summary as one JSON line
  --workers <n>          grade in n worker threads (default 1: in this thread); same output, in input order
  [input]                a file, or - / nothing for stdin; UTF-8, with or without BOM
CSV: a header row with "id" and input ids; values converted by the declared input types
(number, boolean true/false/1/0/yes/no/是/否, category, score); an empty cell is missing.
Credit records are not supported in CSV: use NDJSON.
Results: one line per subject on stdout: line, id, grade, label, class, score, scoreGrade,
decidedBy, measures, reasons, rules, notGradable?, ruleset. Summary with the grade distribution
on stderr. Progress on stderr only when it is a terminal. Memory stays bounded: input is streamed.
Exit: 0 every row graded or not gradable, 1 rows rejected, 2 usage, configuration or I/O error.`,
    run: evaluate,
  },
  explain: {
    summary: "explain one subject's grade, and what would reach the next grade",
    usage: `${BIN} explain --ruleset <r> [--id <id> | --line <n>] [options] [input]
  -r, --ruleset, --rulesets-dir, --as-of, --format   as for evaluate
  --id <id>         the subject to explain (first with that id)
  --line <n>        the subject on line n
                    (without either, the input must hold exactly one subject)
  --locale zh|en    language (default: zh)
  --json            { line, evaluation, nextGrade } as JSON
Shows the grade and how it was decided, the score breakdown, rules fired, records left out,
measures, and what would move the subject to the next better grade.
Exit: 0 explained, 1 the subject's row was rejected, 2 usage, configuration or I/O error.`,
    run: explain,
  },
  diff: {
    summary: "semantic diff of two ruleset versions",
    usage: `${BIN} diff <a> <b> [--locale zh|en] [--json] [--rulesets-dir dir] [--as-of date]
  <a>, <b>   ruleset files, scheme@version, or schemes (resolved on --as-of)
Exit: 0 (with or without changes), 2 usage, configuration or I/O error.`,
    run: diff,
  },
  simulate: {
    summary: "grade migration matrix of a population under two ruleset versions",
    usage: `${BIN} simulate <a> <b> <population> [options]
  --as-of <date>        as-of date of both evaluations (default: today); --as-of-b for b
  --format ndjson|csv   the population's format (CSV converted by a's input types)
  --locale zh|en        language (default: en)
  --max-movers <n>      movers listed (default 20)
  --plain               aligned plain text instead of Markdown
  --json                the whole migration as JSON
Rows a ruleset rejects are a column of the matrix, not dropped. The population is held in memory.
Exit: 0, 1 unreadable population lines (each counted as rejected), 2 usage, configuration or I/O error.`,
    run: simulateCmd,
  },
  rulebook: {
    summary: "the Markdown rule book (规则书) of a ruleset",
    usage: `${BIN} rulebook <ruleset> [--locale zh|en] [--rulesets-dir dir] [--as-of date]
  --locale zh|en   language (default: zh)
Exit: 0, 2 usage, configuration or I/O error.`,
    run: rulebook,
  },
  plan: {
    summary: "seeded random inspection plan (双随机) from graded subjects",
    usage: `${BIN} plan --population <ndjson> --inspectors <json> --seed <s> [options]
  --population <file>   NDJSON: { subjectId, grade, unit?, lastInspectors?, excluded? }, or
                        evaluate's output lines (id, grade), or full evaluations
  --inspectors <file>   JSON array of { id, unit, conflicts?, available? }
  --seed <s>            the published seed: the same input and seed give the same plan
  -r, --ruleset <r>     the ruleset the population was graded under (its sampling policy)
  --ratio <G=share>     sampling ratio for a grade, e.g. --ratio C=0.2 (repeatable)
  --inspectors-per-inspection <n>   default 2
  --verify <plan.json>  instead of planning, verify a saved plan (--json output) against this input
  --json                the plan as JSON
Exit: 0, 1 the plan has problems (or unreadable lines), 2 usage, configuration or I/O error.`,
    run: plan,
  },
  deadline: {
    summary: "last day of a period of working days (objections: 7, R13)",
    usage: `${BIN} deadline <date> [--working-days n] [--json]
  --working-days <n>   default 7 (an objection's handling period)
Exit: 0, 2 a bad date or one outside the shipped calendar.`,
    run: deadline,
  },
};

function _help(cmd?: string): number {
  if (cmd !== undefined) {
    process.stdout.write(`${COMMANDS[cmd]!.summary}\n\n${COMMANDS[cmd]!.usage}\n`);
    return EXIT.ok;
  }
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  process.stdout.write(
    [
      `${BIN} ${VERSION}: credit tiered-and-classified supervision (信用分级分类监管)`,
      "",
      `Usage: ${BIN} <command> [options]`,
      "",
      "Commands:",
      ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
      "",
      `Run ${BIN} <command> --help for a command's options. --version prints the version.`,
      "Exit codes: 0 success, 1 findings (invalid ruleset, rejected rows), 2 usage, configuration or I/O error.",
      "Colour only on a terminal; NO_COLOR turns it off.",
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}

/**
 * Runs the command line.
 * @param argv - Arguments after the program name.
 * @returns The exit code.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === "--help" || cmd === "-h") return _help();
  if (cmd === "help") {
    if (rest[0] === undefined) return _help();
    if (!(rest[0] in COMMANDS)) throw new CliError(`unknown command ${JSON.stringify(rest[0])} (commands: ${Object.keys(COMMANDS).join(", ")})`);
    return _help(rest[0]);
  }
  if (cmd === "--version" || cmd === "-v") {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (command === undefined) {
    throw new CliError(cmd.startsWith("-") ? `unknown flag ${cmd} (see ${BIN} --help)` : `unknown command ${JSON.stringify(cmd)} (commands: ${Object.keys(COMMANDS).join(", ")})`);
  }
  return command.run([...rest]);
}

process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  // A closed pipe (`| head`) is the reader's choice, not an error.
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const paint = paintFor(process.stderr);
    if (e instanceof CliError) {
      process.stderr.write(`${BIN}: ${paint.red("error")}: ${e.message}\n`);
      process.exitCode = e.exitCode;
    } else {
      process.stderr.write(`${BIN}: ${paint.red("internal error")}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = EXIT.usage;
    }
  },
);
