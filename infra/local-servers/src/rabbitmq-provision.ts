/**
 * Provisioning through RabbitMQ's management HTTP API: a request takes milliseconds, where each
 * rabbitmqctl call boots an Erlang VM (about a second), which matters for a vhost per test file.
 * Every call is idempotent.
 */

export interface RabbitmqManagement {
  /** e.g. http://127.0.0.1:15672 */
  url: string;
  user: string;
  password: string;
}

export class RabbitmqManagementError extends Error {
  constructor(
    readonly status: number,
    what: string,
    body: string,
  ) {
    super(`RabbitMQ management API: ${what} failed with HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ""}`);
    this.name = "RabbitmqManagementError";
  }
}

async function send(
  api: RabbitmqManagement,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${api.url}/api${apiPath}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${api.user}:${api.password}`).toString("base64")}`,
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, text: await res.text() };
}

/** One management API call; a status outside `okStatuses` throws RabbitmqManagementError. */
export async function rabbitmqRequest(
  api: RabbitmqManagement,
  method: string,
  apiPath: string,
  body?: unknown,
  okStatuses: number[] = [200, 201, 204],
): Promise<unknown> {
  const { status, text } = await send(api, method, apiPath, body);
  if (!okStatuses.includes(status)) throw new RabbitmqManagementError(status, `${method} /api${apiPath}`, text);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

const segment = encodeURIComponent;

export async function ensureRabbitmqVhost(api: RabbitmqManagement, vhost: string): Promise<void> {
  await rabbitmqRequest(api, "PUT", `/vhosts/${segment(vhost)}`, { description: "created by Emporium" });
}

/** Deletes the vhost with everything in it and closes its connections; a missing vhost is fine. */
export async function deleteRabbitmqVhost(api: RabbitmqManagement, vhost: string): Promise<void> {
  await rabbitmqRequest(api, "DELETE", `/vhosts/${segment(vhost)}`, undefined, [200, 204, 404]);
}

export async function rabbitmqVhostExists(api: RabbitmqManagement, vhost: string): Promise<boolean> {
  const { status, text } = await send(api, "GET", `/vhosts/${segment(vhost)}`);
  if (status !== 200 && status !== 404)
    throw new RabbitmqManagementError(status, `GET /api/vhosts/${segment(vhost)}`, text);
  return status === 200;
}

/** Creates the user or sets its password and tags (so a changed secret takes effect). */
export async function ensureRabbitmqUser(
  api: RabbitmqManagement,
  user: { name: string; password: string; tags?: string[] },
): Promise<void> {
  await rabbitmqRequest(api, "PUT", `/users/${segment(user.name)}`, {
    password: user.password,
    tags: (user.tags ?? []).join(","),
  });
}

/** Full configure/write/read permissions on everything in the vhost. */
export async function grantRabbitmqVhostAccess(api: RabbitmqManagement, vhost: string, user: string): Promise<void> {
  await rabbitmqRequest(api, "PUT", `/permissions/${segment(vhost)}/${segment(user)}`, {
    configure: ".*",
    write: ".*",
    read: ".*",
  });
}

/** A vhost and a user with full rights on it (and nothing else): what one application gets. */
export async function provisionRabbitmqVhost(
  api: RabbitmqManagement,
  options: { vhost: string; user: string; password: string },
): Promise<void> {
  await ensureRabbitmqVhost(api, options.vhost);
  await ensureRabbitmqUser(api, { name: options.user, password: options.password });
  await grantRabbitmqVhostAccess(api, options.vhost, options.user);
}

export interface RabbitmqListener {
  protocol: string;
  ip_address: string;
  port: number;
}

/** What the node listens on (AMQP, management, Erlang distribution), as the node reports it. */
export async function rabbitmqListeners(api: RabbitmqManagement): Promise<RabbitmqListener[]> {
  const overview = (await rabbitmqRequest(api, "GET", "/overview")) as { listeners: RabbitmqListener[] };
  return overview.listeners;
}

/** True when these credentials are accepted (the management API answers 200 to them). */
export async function rabbitmqCredentialsWork(api: RabbitmqManagement): Promise<boolean> {
  const { status, text } = await send(api, "GET", "/whoami");
  if (status !== 200 && status !== 401) throw new RabbitmqManagementError(status, "GET /api/whoami", text);
  return status === 200;
}
