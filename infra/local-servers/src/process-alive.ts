/** Whether a process with this id exists (signal 0 only checks, it delivers nothing). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
