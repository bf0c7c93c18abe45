/**
 * `credit-grading plan`: a seeded random inspection plan (双随机、一公开: random subjects, random
 * inspectors, results public) drawn from graded subjects, or the verification of a saved plan.
 * @module
 */
import { readFileSync } from "node:fs";
import { type Grade, type Inspector, type InspectionPlan, isGrade, type PlanInput, type PlanSubject, planInspections, verifyPlan } from "../index.js";
import { BIN, type Command, commandHelp, dateFlag, intFlag, parseCommand, READ_FLAGS, READ_USAGE, readFlags, RULESET_DIR } from "./args.js";
import { CliError, EXIT, jsonText, openInput, pad, readRows, resolveRuleset, rulesetsDirOf, stripBom } from "./io.js";

async function plan(argv: string[]): Promise<number> {
  const { values, help } = parseCommand(
    planCommand,
    argv,
    {
      population: { type: "string" },
      ...READ_FLAGS,
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
  if (help) return commandHelp(planCommand);
  for (const k of ["population", "inspectors", "seed"] as const) if (values[k] === undefined) throw new CliError(`plan: --${k} is required`);
  const ruleset =
    values.ruleset === undefined ? undefined : resolveRuleset(values.ruleset, { dir: rulesetsDirOf(values["rulesets-dir"]), asOf: dateFlag("--as-of", values["as-of"]) });
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
  for await (const row of readRows(openInput(values.population), "ndjson", [], readFlags(values))) {
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
    ...(values["inspectors-per-inspection"] !== undefined ? { inspectorsPerInspection: intFlag("--inspectors-per-inspection", values["inspectors-per-inspection"], 2, 2) } : {}),
  };
  if (values.verify !== undefined) {
    const problems = verifyPlan(_readJsonFile(values.verify, "plan") as InspectionPlan, input);
    if (values.json) process.stdout.write(jsonText({ ok: problems.length === 0, problems }));
    else {
      for (const p of problems) process.stdout.write(`${p.code}: ${p.message}\n`);
      process.stdout.write(problems.length === 0 ? `${values.verify}: the plan verifies (same draw from the same seed, every constraint holds)\n` : `${problems.length} problems\n`);
    }
    return problems.length > 0 || unreadable > 0 ? EXIT.findings : EXIT.ok;
  }
  const p = planInspections(input);
  if (values.json) process.stdout.write(jsonText(p));
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

/** `plan`: a seeded random inspection plan (双随机). */
export const planCommand: Command = {
  name: "plan",
  summary: "seeded random inspection plan (双随机) from graded subjects",
  usage: `${BIN} plan --population <ndjson> --inspectors <json> --seed <s> [options]
  --population <file>   NDJSON: { subjectId, grade, unit?, lastInspectors?, excluded? }, or
                        evaluate's output lines (id, grade), or full evaluations
${READ_USAGE}
  --inspectors <file>   JSON array of { id, unit, conflicts?, available? }
  --seed <s>            the published seed: the same input and seed give the same plan
  -r, --ruleset <r>     the ruleset the population was graded under (its sampling policy)
  --ratio <G=share>     sampling ratio for a grade, e.g. --ratio C=0.2 (repeatable)
  --inspectors-per-inspection <n>   default 2
  --verify <plan.json>  instead of planning, verify a saved plan (--json output) against this input
  --json                the plan as JSON
Exit: 0, 1 the plan has problems (or unreadable lines), 2 usage, configuration or I/O error.`,
  run: plan,
};
