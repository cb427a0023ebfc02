// The e2e specs that restart or kill infrastructure and whole stacks (their own throwaway servers).
// They are the `test-restarts` target, so Nx can run them beside the other e2e specs instead of
// leaving a core idle for the whole serial e2e run; each half still runs one spec at a time.
module.exports = ["/database-restart\\.e2e\\.spec\\.ts$", "/local-stack\\.e2e\\.spec\\.ts$"];
