/**
 * A host system using the package by name, as an application that installed it would:
 * validate a ruleset file, compile it once, grade a subject, grade a batch.
 * hlj-public-composite 1.0.0 is in force until 2025-06-30 (1.1.0, with dated records and
 * rules, from 2025-07-01), so the as-of date is the last day of 1.0.0.
 * Run after `npm run build`: npx tsx examples/host-usage.ts
 */
import { readFileSync } from "node:fs";
import { compileRuleset, formatDiagnostic, validateRulesetText } from "credit-grading";

const file = new URL("../rulesets/hlj-public-composite/1.0.0.json", import.meta.url);
const text = readFileSync(file, "utf8");

// Check a ruleset: every problem at once, with the JSON path of each.
const { valid, diagnostics } = validateRulesetText(text);
console.log(`valid: ${valid}, diagnostics: ${diagnostics.length}`);
for (const d of diagnostics) console.log(formatDiagnostic(d));

// Compile once, grade many.
const ruleset = compileRuleset(JSON.parse(text));
const subject = {
  id: "91310110666007217T",
  inputs: {
    yearsInOperation: 6, annualReportFiled: true, taxCreditLevel: "B", taxArrears: 0,
    socialInsuranceArrearsMonths: 0, inAbnormalOperationList: false, certifications: 1,
    enforcementCases: 0, civilCasesLost: 0, penaltiesMinor: 1, penaltiesGeneral: 0, penaltiesSerious: 0,
    inspectionResult: "未发现问题", commitmentsHonoured: true, govContractBreaches: 0, honours: 0,
    innovationStatus: "无", charityOrVolunteer: false, seriousDishonestyList: false, verifiedComplaints: 0,
  },
};
const result = ruleset.evaluate(subject, { asOf: "2025-06-30" });
console.log(`grade: ${result.grade} (${result.class}), score: ${result.score}`);
console.log(`top reason: ${result.reasons[0]?.indicator} -${result.reasons[0]?.pointsLost}`);

// Batches: one outcome per input, never a dropped row.
const batch = [subject, { id: "91110108551385082Q", inputs: { yearsInOperation: "six" } }];
for (const outcome of ruleset.evaluateMany(batch, { asOf: "2025-06-30" })) {
  console.log(outcome.ok ? `#${outcome.index} ${outcome.evaluation.grade}` : `#${outcome.index} rejected: ${outcome.error.message}`);
}
