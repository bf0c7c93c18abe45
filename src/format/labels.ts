/**
 * Scheme labels (公布等级) on the canonical scale. A scheme publishes its own levels (tax
 * A/B/M/C/D, water AAA…C, environmental colours) and each sits on one canonical grade A–E,
 * whose class decides the plan's measures. Several labels may share a canonical grade (tax B
 * and M are both canonical B, 诚信守法): the `labels` array, best first, is the scheme's own
 * order, and a canonical grade without a declared label is published as its letter.
 *
 * Grading works on **label positions**: every band and every set-grade, cap and floor effect
 * stands for one position, and precedence (`rule.ts`) compares positions. A label's canonical
 * grade never gets better further down the list, so with one label per grade positions and
 * grades are the same thing and nothing changes. Where an effect or a band names no label:
 * - a band or a set-grade gives the grade's **default label**, its first (best) label;
 * - a cap bounds at the grade's first label and a floor at its last, so a cap or floor that
 *   names no label never moves a subject between labels of one grade, and a subject a floor
 *   lifts lands on the least the floor guarantees (the grade's last label).
 * @module
 */
import { type BilingualName, type Grade, GRADE_NAMES, gradeRank, GRADES } from "../base/grade.js";

/**
 * A label as a ruleset declares it (`labels[i]`).
 * @category Ruleset format
 */
export interface GradeLabelDef {
  /** The canonical grade the label sits on. */
  readonly grade: Grade;
  /** What the scheme publishes, e.g. `M` or `绿牌`. */
  readonly label: string;
  /** Its name in Chinese and English. */
  readonly name?: BilingualName | undefined;
}

/**
 * One position of a scheme's label scale.
 * @category Ruleset format
 */
export interface SchemeLabel {
  /** The published label. */
  readonly label: string;
  /** Its canonical grade. */
  readonly grade: Grade;
  /** Its name: the declared one, else the canonical grade's. */
  readonly name: BilingualName;
  /** Whether the ruleset declares it (`false`: the grade letter of a grade without a label). */
  readonly declared: boolean;
}

/**
 * A scheme's labels in its own order, best first, with the canonical grade of each.
 * @category Ruleset format
 */
export interface LabelScale {
  /** Every position, best first. */
  readonly entries: readonly SchemeLabel[];
  /** The position of each declared label. */
  readonly byLabel: ReadonlyMap<string, number>;
  /** The first (best) position of each grade, by rank: its default label. */
  readonly first: readonly number[];
  /** The last (worst) position of each grade, by rank. */
  readonly last: readonly number[];
}

/**
 * Builds a scheme's label scale from its declared labels (none: the grade letters). Labels are
 * taken grade by grade, in their declared order within a grade, so the scale is well formed even
 * for a document whose labels are out of order (the validator reports that as `LABELS_ORDER`).
 * @param labels - The ruleset's `labels`, if any.
 * @returns The scale.
 * @example
 * const s = compileLabelScale([{ grade: "B", label: "B" }, { grade: "B", label: "M" }]);
 * s.entries.map((e) => e.label); //=> ["A", "B", "M", "C", "D", "E"]
 * s.first[1]; //=> 1
 * s.last[1]; //=> 2
 * @category Ruleset format
 */
export function compileLabelScale(labels: readonly GradeLabelDef[] | undefined): LabelScale {
  const entries: SchemeLabel[] = [];
  const byLabel = new Map<string, number>();
  const first: number[] = [];
  const last: number[] = [];
  for (const g of GRADES) {
    first.push(entries.length);
    const own = (labels ?? []).filter((l) => l.grade === g);
    if (own.length === 0) entries.push(Object.freeze({ label: g, grade: g, name: GRADE_NAMES[g], declared: false }));
    for (const l of own) {
      if (!byLabel.has(l.label)) byLabel.set(l.label, entries.length);
      entries.push(Object.freeze({ label: l.label, grade: g, name: l.name ?? GRADE_NAMES[g], declared: true }));
    }
    last.push(entries.length - 1);
  }
  return Object.freeze({ entries: Object.freeze(entries), byLabel, first: Object.freeze(first), last: Object.freeze(last) });
}

/**
 * The scale of a scheme that declares no labels: one position per grade, the grade letters.
 * @category Ruleset format
 */
export const CANONICAL_SCALE: LabelScale = compileLabelScale(undefined);

/**
 * The position a band, a set-grade effect or a measure mapping stands for: the label it names,
 * else its grade's default (first) label.
 * @param scale - The scheme's label scale.
 * @param grade - The canonical grade.
 * @param label - The label named, if any (a declared label of `grade`; validated).
 * @returns The position.
 * @example
 * labelPosition(compileLabelScale([{ grade: "B", label: "B" }, { grade: "B", label: "M" }]), "B", "M"); //=> 2
 * @category Ruleset format
 */
export function labelPosition(scale: LabelScale, grade: Grade, label?: string): number {
  const at = label === undefined ? undefined : scale.byLabel.get(label);
  return at !== undefined && scale.entries[at]!.grade === grade ? at : scale.first[gradeRank(grade)]!;
}

/**
 * The position a rule effect stands for (see the module notes): the label it names; otherwise
 * a set-grade's and a cap's grade's first label, a floor's grade's last label.
 * @param scale - The scheme's label scale.
 * @param effect - A set-grade, cap or floor effect.
 * @returns The position.
 * @example
 * const s = compileLabelScale([{ grade: "B", label: "B" }, { grade: "B", label: "M" }]);
 * effectPosition(s, { type: "floor", grade: "B" }); //=> 2
 * @category Ruleset format
 */
export function effectPosition(scale: LabelScale, effect: { readonly type: "set-grade" | "cap" | "floor"; readonly grade: Grade; readonly label?: string | undefined }): number {
  if (effect.label === undefined && effect.type === "floor") return scale.last[gradeRank(effect.grade)]!;
  return labelPosition(scale, effect.grade, effect.label);
}

/**
 * The label a canonical grade is published as when nothing names one (its first label).
 * @param scale - The scheme's label scale.
 * @param grade - The canonical grade.
 * @returns The default label.
 * @example
 * defaultLabel(compileLabelScale([{ grade: "C", label: "黄牌" }]), "C"); //=> "黄牌"
 * @category Ruleset format
 */
export function defaultLabel(scale: LabelScale, grade: Grade): string {
  return scale.entries[scale.first[gradeRank(grade)]!]!.label;
}

/**
 * A position in words, in the scheme's own label first: the label alone when it is the
 * canonical grade's letter, else the label with its canonical grade (a letter label takes 级).
 * @param scale - The scheme's label scale.
 * @param position - A label position.
 * @returns The words in Chinese and English.
 * @example
 * labelWords(compileLabelScale([{ grade: "B", label: "B" }, { grade: "B", label: "M" }]), 2);
 * //=> { zh: "M级（信用等级B）", en: "M (canonical B)" }
 * @category Ruleset format
 */
export function labelWords(scale: LabelScale, position: number): BilingualName {
  const { label, grade } = scale.entries[position]!;
  const zh = /^[A-Z]+$/.test(label) ? `${label}级` : label;
  return label === grade ? { zh, en: label } : { zh: `${zh}（信用等级${grade}）`, en: `${label} (canonical ${grade})` };
}
