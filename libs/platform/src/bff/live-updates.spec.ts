import { currentRequestId, withRequestId } from "../rpc/outbound-request-id";
import { versionedUpdates, type VersionedUpdatesOptions } from "./live-updates";

interface Change {
  key: string;
  version: number;
  note?: string;
}

/** A snapshot read the test finishes by hand, so it can push live items while the read is under way. */
interface PendingRead {
  finish(items: Change[]): void;
  refuse(error: Error): void;
}

/** A live source and a snapshot the test drives, and what the stream did with them. */
function harness(options: Partial<VersionedUpdatesOptions<Change>> = {}) {
  const reads: PendingRead[] = [];
  let push: ((c: Change) => void) | undefined;
  let resync: (() => void) | undefined;
  const state = { subscribed: 0, unsubscribed: 0 };
  const stream = versionedUpdates<Change>({
    snapshot: () => new Promise((resolve, reject) => reads.push({ finish: resolve, refuse: reject })),
    live: (p, r) => {
      state.subscribed += 1;
      push = p;
      resync = r;
      return () => {
        state.unsubscribed += 1;
      };
    },
    keyOf: (c) => c.key,
    versionOf: (c) => BigInt(c.version),
    ...options,
  });
  const received: Change[] = [];
  let pending: Promise<IteratorResult<Change>> | undefined;
  /** Pulls every item the stream has decided on so far (it stops at the first next() that waits). */
  const drain = async () => {
    for (;;) {
      pending ??= stream.next();
      const outcome = await Promise.race([pending, settled().then(() => "waiting" as const)]);
      if (outcome === "waiting") return received.map((c) => `${c.key}@${c.version}`);
      pending = undefined;
      if (outcome.done) return received.map((c) => `${c.key}@${c.version}`);
      received.push(outcome.value);
    }
  };
  return {
    stream,
    reads,
    state,
    drain,
    pending: () => pending,
    push: (key: string, version: number, note?: string) => push!({ key, version, note }),
    resync: () => resync!(),
    /** Finishes the oldest unfinished snapshot read. */
    finishRead: async (...items: Array<[string, number]>) => {
      await settled();
      const read = reads.shift();
      if (!read) throw new Error("no snapshot read is under way");
      read.finish(items.map(([key, version]) => ({ key, version })));
      await settled();
    },
  };
}

/** Lets every promise callback that is already due run (the stream's work is all microtasks here). */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("versionedUpdates (a subscription's ordered stream)", () => {
  it("sends the snapshot first, then live items, each key's versions only going up", async () => {
    const h = harness();
    void h.drain();
    await h.finishRead(["o-1", 3], ["o-2", 7]);
    expect(await h.drain()).toEqual(["o-1@3", "o-2@7"]);
    h.push("o-1", 4);
    h.push("o-1", 4); // duplicate
    h.push("o-1", 2); // regression
    h.push("o-2", 8);
    h.push("o-1", 5);
    expect(await h.drain()).toEqual(["o-1@3", "o-2@7", "o-1@4", "o-2@8", "o-1@5"]);
  });

  it("starts the live source before reading the snapshot, and only on the first next()", async () => {
    const h = harness();
    await settled();
    expect([h.state.subscribed, h.reads.length]).toEqual([0, 0]);
    void h.drain();
    await settled();
    expect([h.state.subscribed, h.reads.length]).toEqual([1, 1]);
  });

  it("holds live items that arrive while the snapshot is read, then sends only those above it", async () => {
    const h = harness();
    void h.drain();
    await settled();
    h.push("o-1", 2); // already in the snapshot below
    h.push("o-1", 4);
    h.push("o-2", 1); // a key the snapshot does not have
    await h.finishRead(["o-1", 3]);
    expect(await h.drain()).toEqual(["o-1@3", "o-1@4", "o-2@1"]);
  });

  it("resumes after what the client already has (`after`): nothing at or below it is sent again", async () => {
    const h = harness({ after: new Map([["o-1", 5n]]) });
    void h.drain();
    await h.finishRead(["o-1", 5], ["o-2", 1]);
    h.push("o-1", 4);
    h.push("o-1", 5);
    h.push("o-1", 6);
    expect(await h.drain()).toEqual(["o-2@1", "o-1@6"]);
  });

  it("sends the current state when it is past `after`, even if versions were skipped", async () => {
    const h = harness({ after: new Map([["o-1", 2n]]), gapFree: true });
    void h.drain();
    await h.finishRead(["o-1", 6]);
    expect(await h.drain()).toEqual(["o-1@6"]);
    expect(h.reads).toHaveLength(0);
  });

  it("gapFree: a live item that skips a version re-reads the snapshot instead of leaving a hole", async () => {
    const h = harness({ gapFree: true });
    void h.drain();
    await h.finishRead(["o-1", 1]);
    h.push("o-1", 3); // 2 was missed
    await settled();
    expect(h.reads).toHaveLength(1);
    h.push("o-1", 4); // arrives during the re-read: held
    await h.finishRead(["o-1", 3]);
    expect(await h.drain()).toEqual(["o-1@1", "o-1@3", "o-1@4"]);
  });

  it("gapFree: sends the gapped item after one re-read that still does not cover it (no endless re-reads)", async () => {
    const h = harness({ gapFree: true });
    void h.drain();
    await h.finishRead(["o-1", 1]);
    h.push("o-1", 3);
    await h.finishRead(["o-1", 1]); // the owner has not caught up
    expect(await h.drain()).toEqual(["o-1@1", "o-1@3"]);
    expect(h.reads).toHaveLength(0);
  });

  it("without gapFree, versions may jump (latest wins)", async () => {
    const h = harness();
    void h.drain();
    await h.finishRead(["sku-1", 1]);
    h.push("sku-1", 9);
    h.push("sku-1", 4);
    expect(await h.drain()).toEqual(["sku-1@1", "sku-1@9"]);
    expect(h.reads).toHaveLength(0);
  });

  it("re-reads the snapshot on resync (events were missed) and sends only what is new", async () => {
    const h = harness();
    void h.drain();
    await h.finishRead(["o-1", 1], ["o-2", 1]);
    h.resync();
    h.push("o-1", 3); // arrives during the re-read
    await h.finishRead(["o-1", 2], ["o-2", 1]);
    expect(await h.drain()).toEqual(["o-1@1", "o-2@1", "o-1@2", "o-1@3"]);
  });

  it("reads once more when a resync comes while a read is under way (that read may predate it)", async () => {
    const h = harness();
    void h.drain();
    await settled();
    h.resync();
    await h.finishRead(["o-1", 1]);
    expect(h.reads).toHaveLength(1);
    await h.finishRead(["o-1", 2]);
    expect(await h.drain()).toEqual(["o-1@1", "o-1@2"]);
  });

  it("ends with the snapshot's error (the service refused) and unsubscribes", async () => {
    const h = harness();
    const next = h.stream.next();
    await settled();
    h.reads.shift()!.refuse(new Error("not yours"));
    await expect(next).rejects.toThrow("not yours");
    expect(h.state.unsubscribed).toBe(1);
    await expect(h.stream.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("return() unsubscribes once, ends a waiting next() and drops what was not taken", async () => {
    const h = harness();
    void h.drain();
    await h.finishRead(["o-1", 1]);
    await h.drain();
    const waiting = h.pending()!;
    await h.stream.return!();
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
    h.push("o-1", 2);
    await h.stream.return!();
    expect(h.state.unsubscribed).toBe(1);
    await expect(h.stream.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("return() before the first next() never starts the live source or reads", async () => {
    const h = harness();
    await h.stream.return!();
    await expect(h.stream.next()).resolves.toEqual({ value: undefined, done: true });
    expect([h.state.subscribed, h.state.unsubscribed, h.reads.length]).toEqual([0, 0, 0]);
  });

  it("return() during the snapshot read ignores what the read brings", async () => {
    const h = harness();
    const next = h.stream.next();
    await settled();
    await h.stream.return!();
    await h.finishRead(["o-1", 1]);
    await expect(next).resolves.toEqual({ value: undefined, done: true });
    expect(h.state.unsubscribed).toBe(1);
  });

  it("is its own async iterator (for await … of)", async () => {
    const stream = versionedUpdates<Change>({
      snapshot: async () => [{ key: "a", version: 1 }],
      live: (push) => {
        setImmediate(() => push({ key: "a", version: 2 }));
        return () => undefined;
      },
      keyOf: (c) => c.key,
      versionOf: (c) => BigInt(c.version),
    });
    const seen: number[] = [];
    for await (const c of stream) {
      seen.push(c.version);
      if (c.version === 2) break;
    }
    expect(seen).toEqual([1, 2]);
  });

  it("re-reads in the subscriber's request context, even when a live event from elsewhere triggers it", async () => {
    const readUnder: Array<string | undefined> = [];
    let resync!: () => void;
    const stream = versionedUpdates<Change>({
      snapshot: async () => {
        readUnder.push(currentRequestId());
        return [];
      },
      live: (_push, r) => {
        resync = r;
        return () => undefined;
      },
      keyOf: (c) => c.key,
      versionOf: (c) => BigInt(c.version),
    });
    void withRequestId("subscriber-1", () => stream.next());
    await settled();
    withRequestId("feed-connection", () => resync());
    await settled();
    expect(readUnder).toEqual(["subscriber-1", "subscriber-1"]);
    await stream.return!();
  });
});
