import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { breakerStateName, type Second } from "./chaos-load";
import { percent, type ExperimentResult } from "./chaos-run";
import type { ChaosReport } from "./chaos-suite";

/** Writes a report into `dir`: the JSON (every second), the Markdown and the SVG chart. */
export function writeChaosReport(report: ChaosReport, dir: string, command: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, "timeline.svg"), timelineSvg(report));
  writeFileSync(path.join(dir, "report.md"), reportMarkdown(report, command));
}

const errorRateOf = (s: Second) => (s.calls === 0 ? 0 : s.failedCalls / s.calls);

/** Breakers not closed (state ≠ 0) in a second, or how many were scraped and closed. */
function breakersCell(s: Second): string {
  const entries = Object.entries(s.breakers);
  if (entries.length === 0) return "–";
  const notClosed = entries.filter(([, state]) => state !== 0);
  return notClosed.length
    ? notClosed.map(([k, v]) => `${k} ${breakerStateName(v)}`).join(", ")
    : `${entries.length} closed`;
}

function phaseOf(e: ExperimentResult, t: number): string {
  if (t < Math.floor(e.faultWindow.from)) return "baseline";
  if (t < Math.ceil(e.recovery.from)) return "**fault**";
  return "recovery";
}

function experimentSection(e: ExperimentResult, seconds: readonly Second[]): string[] {
  const rows = seconds.filter((s) => s.t >= Math.floor(e.baseline.from) && s.t < Math.ceil(e.recovery.to));
  const confirm = (ms: number | null) => (ms === null ? "–" : `${ms} ms`);
  return [
    `## ${e.name}: ${e.passed ? "PASS" : "FAIL"}`,
    "",
    `Fault: ${e.fault}. Baseline ${e.baseline.from}–${e.baseline.to} s, fault ${e.faultWindow.from}–${e.faultWindow.to} s,`,
    `recovery ${e.recovery.from}–${e.recovery.to} s of the run. ${e.orders} orders: ${Object.entries(e.outcomes)
      .map(([s, n]) => `${n} ${s}`)
      .join(", ")}. Median time to confirm: baseline ${confirm(e.medianConfirmMs.baseline)},`,
    `fault ${confirm(e.medianConfirmMs.fault)}, recovery ${confirm(e.medianConfirmMs.recovery)}. Error rate (failed calls / calls):`,
    `baseline ${percent(e.errorRate.baseline)}, fault ${percent(e.errorRate.fault)}, second half of recovery ${percent(e.errorRate.recoveryTail)}.`,
    "",
    "| evidence that the fault happened | observed |",
    "|---|---|",
    ...Object.entries(e.evidence).map(([k, v]) => `| ${k} | ${v} |`),
    "",
    "| invariant | value | result |",
    "|---|---|---|",
    ...e.invariants.map((i) => `| ${i.name} | ${i.value} | ${i.pass ? "pass" : "**FAIL**"} |`),
    "",
    "<details><summary>Per second</summary>",
    "",
    "| t (s) | phase | placed | calls | failed calls | error rate | skipped ticks | product pages served/not | breakers |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows.map(
      (s) =>
        `| ${s.t} | ${phaseOf(e, s.t)} | ${s.placed} | ${s.calls} | ${s.failedCalls} | ${percent(errorRateOf(s))} | ${s.skipped} | ${s.productPages.served}/${s.productPages.failed} | ${breakersCell(s)} |`,
    ),
    "",
    "</details>",
    "",
  ];
}

export function reportMarkdown(report: ChaosReport, command: string): string {
  const scraped = report.seconds.some((s) => Object.keys(s.breakers).length > 0);
  return [
    "# Chaos run",
    "",
    `Run ${report.at}: ${report.perSecond} checkouts started per second by ${report.shoppers} generated customers, on a`,
    "platform of its own (throwaway PostgreSQL, RabbitMQ and Keycloak). Each experiment: baseline",
    `${report.durations.baselineMs / 1000} s, the fault (held ${report.durations.holdMs / 1000} s where it lasts), recovery`,
    `${report.durations.recoveryMs / 1000} s; then the load pauses while the orders settle (up to`,
    `${report.durations.settleTimeoutMs / 1000} s) and the invariants are read from every service's database.`,
    "",
    `**Result: ${report.passed ? "every invariant holds in every experiment" : "AN INVARIANT IS BROKEN or an experiment did not run"}.**`,
    "",
    "| experiment | fault | orders | result |",
    "|---|---|---|---|",
    ...report.experiments.map((e) => `| ${e.name} | ${e.fault} | ${e.orders} | ${e.passed ? "pass" : "**FAIL**"} |`),
    ...report.notRun.map((n) => `| ${n.name} | not run: ${n.why} | – | **FAIL** |`),
    "",
    "![Throughput and error rate over the run, fault windows shaded](timeline.svg)",
    "",
    scraped
      ? "Breakers: `upstream_breaker_state` from the gateway's and each service's /metrics every second; the per-second tables list those not closed."
      : "Breakers: no service exposed `upstream_breaker_state` in this run; the column stays empty (–).",
    "",
    ...report.experiments.flatMap((e) => experimentSection(e, report.seconds)),
    ...(report.finalErrors.length
      ? ["## Checkouts given up", "", ...report.finalErrors.map((e) => `- ${e.replaceAll("|", "/")}`), ""]
      : []),
    `Reproduce: \`${command}\`. Per-second data: report.json.`,
    "",
  ].join("\n");
}

/** A line chart of placed checkouts per second and the error rate, each experiment's fault window shaded. */
export function timelineSvg(report: ChaosReport): string {
  const [width, height, left, right, top, bottom] = [1100, 370, 50, 50, 40, 60];
  const seconds = report.seconds;
  const span = Math.max(seconds.length, 1);
  const maxPlaced = Math.max(1, ...seconds.map((s) => s.placed));
  const x = (t: number) => left + (t / span) * (width - left - right);
  const yPlaced = (v: number) => height - bottom - (v / maxPlaced) * (height - top - bottom);
  const yRate = (r: number) => height - bottom - r * (height - top - bottom);
  const line = (points: Array<[number, number]>) =>
    points.map(([px, py], i) => `${i ? "L" : "M"}${px.toFixed(1)},${py.toFixed(1)}`).join(" ");
  const shaded = report.experiments.map((e, i) => {
    const [x0, x1] = [x(e.faultWindow.from), x(e.faultWindow.to)];
    // Labels alternate between two rows so that short windows close together stay readable.
    const labelY = i % 2 ? top - 2 : top - 14;
    return [
      `<rect x="${x0.toFixed(1)}" y="${top}" width="${Math.max(2, x1 - x0).toFixed(1)}" height="${height - top - bottom}" fill="#f4a261" fill-opacity="0.3"/>`,
      `<text x="${x0.toFixed(1)}" y="${labelY}" font-size="11">${e.name}</text>`,
    ].join("");
  });
  // Between experiments the load pauses while the orders settle: nothing is placed there by design.
  const paused = report.experiments.map((e, i) => {
    const [x0, x1] = [x(e.recovery.to), x(report.experiments[i + 1]?.baseline.from ?? span)];
    return `<rect x="${x0.toFixed(1)}" y="${top}" width="${Math.max(0, x1 - x0).toFixed(1)}" height="${height - top - bottom}" fill="#ccc" fill-opacity="0.35"/>`;
  });
  const ticks = Array.from({ length: Math.floor(span / 30) + 1 }, (_, i) => i * 30).map(
    (t) => `<text x="${x(t).toFixed(1)}" y="${height - bottom + 16}" font-size="10" text-anchor="middle">${t}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...shaded,
    ...paused,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#333"/>`,
    `<line x1="${width - right}" y1="${top}" x2="${width - right}" y2="${height - bottom}" stroke="#333"/>`,
    ...ticks,
    `<text x="${(width / 2).toFixed(0)}" y="${height - bottom + 32}" font-size="11" text-anchor="middle">seconds since the run began (orange: fault windows; grey: load paused while orders settle)</text>`,
    `<text x="${left - 8}" y="${top + 4}" font-size="10" text-anchor="end">${maxPlaced}</text>`,
    `<text x="${left - 8}" y="${height - bottom}" font-size="10" text-anchor="end">0</text>`,
    `<text x="${width - right + 6}" y="${top + 4}" font-size="10">100 %</text>`,
    `<text x="${width - right + 6}" y="${height - bottom}" font-size="10">0 %</text>`,
    `<path d="${line(seconds.map((s) => [x(s.t + 0.5), yPlaced(s.placed)]))}" fill="none" stroke="#2a9d8f" stroke-width="1.5"/>`,
    `<path d="${line(seconds.map((s) => [x(s.t + 0.5), yRate(errorRateOf(s))]))}" fill="none" stroke="#e63946" stroke-width="1.5"/>`,
    `<text x="${left + 10}" y="${height - 12}" font-size="12" fill="#2a9d8f">— checkouts placed per second (left axis)</text>`,
    `<text x="${left + 330}" y="${height - 12}" font-size="12" fill="#e63946">— error rate: failed calls / calls (right axis)</text>`,
    "</svg>",
    "",
  ].join("\n");
}
