/**
 * The supervising process of one platform process (started detached by `npm start`, see
 * supervisor.ts): argv names the service (for `ps` and the pid check), the environment carries the
 * configuration, which is not passed on to the service.
 */
import { SUPERVISOR_CONFIG_ENV, superviseProcess, type SupervisedProcessConfig } from "./process-supervisor";

const raw = process.env[SUPERVISOR_CONFIG_ENV];
if (!raw) {
  console.error(`supervisor-main: ${SUPERVISOR_CONFIG_ENV} is not set (this process is started by npm start)`);
  process.exit(2);
}
delete process.env[SUPERVISOR_CONFIG_ENV];
const supervised = superviseProcess(JSON.parse(raw) as SupervisedProcessConfig);
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => supervised.stop());
// Detached from any terminal; a hang-up is not a reason to stop the platform.
process.on("SIGHUP", () => undefined);
void supervised.done.then(() => process.exit(0));
