/**
 * A stand-in service for the supervisor spec: records each start, then either serves /readyz on
 * FIXTURE_PORT or, while the file FIXTURE_CRASH_FLAG exists, exits at once with code 3 (like a
 * service with a fatal fault).
 */
import { appendFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";

appendFileSync(process.env.FIXTURE_STARTS_FILE!, `${Date.now()} ${process.pid}\n`);
if (existsSync(process.env.FIXTURE_CRASH_FLAG!)) process.exit(3);
const server = createServer((req, res) => {
  res.statusCode = req.url === "/readyz" ? 200 : 404;
  res.end();
});
server.listen(Number(process.env.FIXTURE_PORT), "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
