/** Service names become role and database names; only this shape is ever put into SQL. */
const SERVICE_NAME = /^[a-z][a-z0-9_]{1,30}$/;

/** Names PostgreSQL itself owns: provisioning "postgres" would demote the superuser. */
const RESERVED = new Set(["postgres", "public", "template0", "template1"]);

export function assertServiceName(service: string): void {
  if (!SERVICE_NAME.test(service)) {
    throw new Error(
      `invalid service name ${JSON.stringify(service)}: use 2-31 characters, lowercase letters, digits and _, starting with a letter`,
    );
  }
  if (RESERVED.has(service) || service.startsWith("pg_"))
    throw new Error(`invalid service name ${JSON.stringify(service)}: reserved by PostgreSQL`);
}

/** A double-quoted SQL identifier. Callers validate names first; quoting is the second line of defence. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.length > 63 || name.includes("\0"))
    throw new Error(`invalid SQL identifier ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}
