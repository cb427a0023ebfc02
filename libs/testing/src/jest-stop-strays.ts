// Runs in every test file (setupFilesAfterEnv, jest.preset.cjs): whatever the file started and left
// running (a hook that timed out mid-start) is stopped, so Jest never waits on a live child.
import { stopStrayProcesses } from "./processes";

afterAll(() => stopStrayProcesses(), 30_000);
