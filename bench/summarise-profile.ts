/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function, top N.
 *   npx tsx bench/summarise-profile.ts .tmp/prof/CPU.….cpuprofile [N]
 * @module
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const [file, top = "20"] = process.argv.slice(2);
if (!file) throw new Error("usage: summarise-profile.ts <file.cpuprofile> [N]");
const prof = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byNode = new Map<number, Node>(prof.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
for (let i = 0; i < prof.samples.length; i++) {
  const n = byNode.get(prof.samples[i]!)!;
  const dt = prof.timeDeltas[i] ?? 0;
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\/(src|bench|node_modules)\//, "$1/")}:${f.lineNumber + 1}` : "";
  const key = `${f.functionName || "(anonymous)"} ${where}`.trim();
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
}
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
console.log(`| self % | function |`);
console.log(`|---:|---|`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`| ${((100 * v) / total).toFixed(1)} | \`${k}\` |`);
