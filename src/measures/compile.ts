/**
 * The measures that go with each grade or label (分级措施) under one ruleset: its own mapping, or
 * the plan's catalogue by default, resolved once per ruleset.
 * @module
 */
import { type Grade, GRADES } from "../base/grade.js";
import type { LabelScale } from "../format/labels.js";
import type { AppliedMeasure, GradeMeasures, MeasureDef, MeasuresSection, SamplingPolicy } from "../format/measure.js";

/**
 * Compiles a ruleset's measures section (or the plan's defaults when it has none) into the
 * measures and sampling policy of each grade (an entry naming a label is not a grade's).
 * @param section - The ruleset's `measures`, if any.
 * @param catalogue - The shipped catalogue.
 * @param defaults - The plan's default mapping and sampling.
 * @returns The measures of each grade.
 * @example
 * compileMeasures(undefined, MEASURE_CATALOGUE, { byGrade: DEFAULT_GRADE_MEASURES, sampling: DEFAULT_SAMPLING }).get("E")?.sampling?.ratio.max;
 * //=> undefined (no upper limit)
 * @category Measures
 */
export function compileMeasures(
  section: MeasuresSection | undefined,
  catalogue: readonly MeasureDef[],
  defaults: { readonly byGrade: Readonly<Record<Grade, readonly string[]>>; readonly sampling: readonly SamplingPolicy[] },
): Map<Grade, GradeMeasures> {
  const of = measuresCompiler(section, catalogue, defaults);
  return new Map(GRADES.map((g) => [g, of(g, undefined)]));
}

/**
 * The measures and sampling policy of each position of a scheme's label scale: a label's own
 * `byGrade` entry where the section has one, else its grade's.
 * @param section - The ruleset's `measures`, if any.
 * @param catalogue - The shipped catalogue.
 * @param defaults - The plan's default mapping and sampling.
 * @param scale - The scheme's label scale.
 * @returns One entry per position of `scale`.
 * @example
 * const s = compileLabelScale([{ grade: "B", label: "B" }, { grade: "B", label: "M" }]);
 * compileLabelMeasures({ byGrade: [{ grade: "B", measures: ["green-channel"] }, { grade: "B", label: "M", measures: [] }] }, MEASURE_CATALOGUE, DEFAULTS, s)[2].measures; //=> []
 * @category Measures
 */
export function compileLabelMeasures(
  section: MeasuresSection | undefined,
  catalogue: readonly MeasureDef[],
  defaults: { readonly byGrade: Readonly<Record<Grade, readonly string[]>>; readonly sampling: readonly SamplingPolicy[] },
  scale: LabelScale,
): GradeMeasures[] {
  const of = measuresCompiler(section, catalogue, defaults);
  return scale.entries.map((e) => of(e.grade, e.declared ? e.label : undefined));
}

/**
 * Resolves measure ids under one ruleset: its own `measures.define` over the shipped catalogue
 * (the same id replaces a catalogue entry), each measure frozen once and shared. Used for the
 * measures of grades and for the measures rules add.
 * @param section - The ruleset's `measures`, if any.
 * @param catalogue - The shipped catalogue.
 * @returns The measure of an id, or `undefined` for an id neither declares.
 * @example
 * measureResolver(undefined, MEASURE_CATALOGUE)("green-channel")?.kind; //=> "incentive"
 * @category Measures
 */
export function measureResolver(section: MeasuresSection | undefined, catalogue: readonly MeasureDef[]): (id: string) => AppliedMeasure | undefined {
  const byId = new Map<string, MeasureDef>(catalogue.map((m) => [m.id, m]));
  for (const d of section?.define ?? []) byId.set(d.id, d);
  const cache = new Map<string, AppliedMeasure>();
  return (id) => {
    let out = cache.get(id);
    if (out === undefined) {
      const m = byId.get(id);
      if (m === undefined) return undefined;
      out = Object.freeze({ id: m.id, kind: m.kind, name: m.name, fields: m.fields, grants: m.grants ?? [], bars: m.bars ?? [] });
      cache.set(id, out);
    }
    return out;
  };
}

// The measures of a grade, or of one label of it, frozen and shared between the two views.
function measuresCompiler(
  section: MeasuresSection | undefined,
  catalogue: readonly MeasureDef[],
  defaults: { readonly byGrade: Readonly<Record<Grade, readonly string[]>>; readonly sampling: readonly SamplingPolicy[] },
): (grade: Grade, label: string | undefined) => GradeMeasures {
  const resolve = measureResolver(section, catalogue);
  const key = (grade: Grade, label: string | undefined): string => (label === undefined ? grade : `${grade}\u0000${label}`);
  const mapping = new Map<string, readonly string[]>(
    section ? section.byGrade.map((g) => [key(g.grade, g.label), g.measures]) : (Object.entries(defaults.byGrade) as [Grade, readonly string[]][]),
  );
  const sampling = new Map((section?.sampling ?? defaults.sampling).map((s) => [s.grade, s]));
  const cache = new Map<string, GradeMeasures>();
  return (grade, label) => {
    const ids = (label !== undefined ? mapping.get(key(grade, label)) : undefined) ?? mapping.get(grade) ?? [];
    const k = ids === mapping.get(grade) ? grade : key(grade, label);
    let out = cache.get(k);
    if (out === undefined) {
      const measures = ids.flatMap((id) => {
        const m = resolve(id);
        return m ? [m] : [];
      });
      out = Object.freeze({ grade, measures: Object.freeze(measures), sampling: sampling.get(grade) ?? null });
      cache.set(k, out);
    }
    return out;
  };
}
