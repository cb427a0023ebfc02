import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

/** One exit of the service and what the supervisor did about it. */
export interface ExitRecord {
  /** ISO time of the exit. */
  at: string;
  code: number | null;
  signal: string | null;
  /** The wait before the restart, from the restart policy. */
  delayMs: number;
  /** ISO time the replacement was spawned (absent until it is). */
  restartedAt?: string;
}

/** What a supervising process records in `run/<name>.json` for `npm run status` (and tests). */
export interface SupervisedState {
  name: string;
  supervisorPid: number;
  /** The service process now running, if any (none while waiting to restart or after stopping). */
  childPid: number | null;
  childStartedAt: string | null;
  restarts: number;
  lastExit: ExitRecord | null;
  /** The most recent exits, oldest first (bounded). */
  recentExits: ExitRecord[];
  stopping: boolean;
}

export const RECENT_EXITS_KEPT = 20;

export function readSupervisedState(file: string): SupervisedState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SupervisedState;
  } catch {
    return undefined; // written atomically, so only a foreign or damaged file gets here
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a state. */
export function writeSupervisedState(file: string, state: SupervisedState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}
