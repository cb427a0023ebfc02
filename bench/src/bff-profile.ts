import { readFileSync } from "node:fs";

/** The parts of a V8 .cpuprofile (node --cpu-prof) a summary needs. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: the npm package, node's own code, or the repository's file. */
function placeOf(url: string): string {
  if (!url) return "(native / V8)";
  if (url.startsWith("node:")) return "node";
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1]!;
  const inRepo = /\/(bff-mobile|libs\/[^/]+|services\/[^/]+)\//.exec(url);
  return inRepo ? inRepo[1]! : url.replace(/^file:\/\//, "");
}

/**
 * Self time per function and per package over the profile, as Markdown lines: where the process
 * spent its CPU while it answered the benchmark (idle and garbage collection shown as V8 names them).
 */
export function summarizeCpuProfile(file: string, top = 15): string[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!;
    const place = placeOf(frame.url);
    const name = `${frame.functionName || "(anonymous)"} · ${place}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    places.set(place, (places.get(place) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1)} %`;
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `| ${name.replace(/\|/g, "\\|")} | ${pct(us)} |`);
  return [
    `${(total / 1e6).toFixed(1)} s sampled.`,
    ``,
    `| package or place | self |`,
    `|---|---:|`,
    ...rows(places),
    ``,
    `| function | self |`,
    `|---|---:|`,
    ...rows(functions),
  ];
}
