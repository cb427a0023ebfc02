import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, as `psql \password`
 * computes it). Sending the verifier instead of the password keeps the plain password out of server
 * logs (a failing statement is logged with its text) and off the wire.
 */
export function scramSha256Verifier(password: string, iterations = 4096): string {
  // PostgreSQL SASLprep-normalises passwords; for printable ASCII that is the identity, so refusing
  // anything else keeps our verifier and the server's login check in agreement.
  if (!/^[\x21-\x7e]+$/.test(password))
    throw new Error("database passwords must be non-empty printable ASCII without spaces");
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
