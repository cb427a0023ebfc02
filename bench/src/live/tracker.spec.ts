import { aimMet, renderLiveMarkdown, type LiveReport } from "./report";
import { OrderTrack, summarizeTracks, type StatusUpdate } from "./tracker";

const T0 = Date.parse("2026-12-02T10:00:00.000Z");
const update = (sequence: number, status: string, changedAtMs: number): StatusUpdate => ({
  orderId: "o-1",
  status,
  sequence,
  changedAt: new Date(changedAtMs).toISOString(),
});

describe("OrderTrack", () => {
  it("takes the first message as the snapshot and times only the changes pushed after it", () => {
    const track = new OrderTrack("o-1", T0);
    track.receive(update(1, "PENDING", T0 - 40), T0 + 12.5);
    track.receive(update(2, "CONFIRMED", T0 + 500), T0 + 523.25);
    expect(track.snapshot).toEqual({ sequence: 1, status: "PENDING", afterSubscribeMs: 12.5 });
    expect(track.latenciesMs).toEqual([23.25]);
    expect(track.pushed).toBe(1);
    expect(track.settled).toBe(true);
    expect([track.duplicates, track.regressions, track.skipped]).toEqual([0, 0, 0]);
  });

  it("counts a repeated sequence as duplicated, a lower one as a regression, a jump as missed", () => {
    const track = new OrderTrack("o-1", T0);
    track.receive(update(1, "PENDING", T0), T0 + 5);
    track.receive(update(1, "PENDING", T0), T0 + 6);
    track.receive(update(3, "CONFIRMED", T0 + 100), T0 + 110);
    track.receive(update(2, "PENDING", T0 + 50), T0 + 120);
    expect(track.duplicates).toBe(1);
    expect(track.skipped).toBe(1);
    expect(track.regressions).toBe(1);
    expect(track.last?.status).toBe("CONFIRMED");
    expect(track.latenciesMs).toEqual([10]);
  });

  it("is not settled while PENDING", () => {
    const track = new OrderTrack("o-1", T0);
    expect(track.settled).toBe(false);
    track.receive(update(1, "PENDING", T0), T0 + 5);
    expect(track.settled).toBe(false);
  });
});

describe("summarizeTracks", () => {
  const tracks = () => {
    const fast = new OrderTrack("o-1", T0);
    fast.receive(update(1, "PENDING", T0 - 10), T0 + 10);
    fast.receive(update(2, "CONFIRMED", T0 + 100), T0 + 130);
    // Confirmed before its subscription started: nothing pushed, one change before subscribing.
    const late = new OrderTrack("o-2", T0);
    late.receive({ ...update(2, "CONFIRMED", T0 - 5), orderId: "o-2" }, T0 + 20);
    const failed = new OrderTrack("o-3", T0);
    failed.error = "close 4401 token expired";
    return [fast, late, failed];
  };

  it("reports counts, missed and duplicated changes, latency percentiles and subscription errors", () => {
    const summary = summarizeTracks(tracks(), { missedFinal: 1, unsettled: 2, unchecked: 0 });
    expect(summary).toMatchObject({
      subscriptions: 3,
      snapshots: 2,
      pushedChanges: 1,
      beforeSubscribing: 1,
      settled: 2,
      unsettledAtEnd: 2,
      missed: 1,
      duplicated: 0,
      regressions: 0,
      errors: { "close 4401 token expired": 1 },
      latencyMs: { p50: 30, p95: 30, p99: 30, max: 30, min: 30 },
      subscribeToSnapshotMs: { p50: 10, p99: 20 },
    });
  });

  it("meets the aim only with nothing missed, duplicated or failed and p99 within it", () => {
    const clean = summarizeTracks(tracks().slice(0, 2), { missedFinal: 0, unsettled: 0, unchecked: 0 });
    expect(aimMet(clean, 100)).toBe(true);
    expect(aimMet(clean, 29)).toBe(false);
    expect(aimMet({ ...clean, missed: 1 }, 100)).toBe(false);
    expect(aimMet({ ...clean, duplicated: 1 }, 100)).toBe(false);
    expect(aimMet(summarizeTracks(tracks(), { missedFinal: 0, unsettled: 0, unchecked: 0 }), 100)).toBe(false);
    expect(aimMet(summarizeTracks([], { missedFinal: 0, unsettled: 0, unchecked: 0 }), 100)).toBe(false);
  });

  it("renders the method, the numbers and the verdict", () => {
    const live = summarizeTracks(tracks().slice(0, 2), { missedFinal: 0, unsettled: 0, unchecked: 0 });
    const report: LiveReport = {
      date: "2026-12-02T10:00:00.000Z",
      machine: { cpus: 2, cpuModel: "Test CPU", memoryGiB: 8, node: "v24.21.0", load: { before: [1], after: [2] } },
      settings: { rate: 20, seconds: 60, customers: 200, drainSeconds: 120, aimP99Ms: 100 },
      placement: { offered: 2, placed: 2, notPlaced: {}, placeP50Ms: 80, placeP99Ms: 90, startLateP99Ms: 1 },
      live,
      cpuShares: [{ name: "orders", share: 60 }],
      clientCpuMs: 1234,
      aimMet: aimMet(live, 100),
    };
    const md = renderLiveMarkdown(report);
    expect(md).toContain("change_time");
    expect(md).toContain("| 1 | 30 | 30 | 30 | 30 | 0 | 0 | 0 | met |");
    expect(md).toContain("orders 60%");
  });
});
