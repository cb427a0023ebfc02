import { randomBytes } from "node:crypto";

export function generatePassword(): string {
  // 24 random bytes = 192 bits; base64url needs no quoting in URLs, shells or SQL.
  return randomBytes(24).toString("base64url");
}
