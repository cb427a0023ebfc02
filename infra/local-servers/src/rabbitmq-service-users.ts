/**
 * Each service is its own broker user, and the broker enforces who may say what (docs/adr/0017).
 * The policy is data (regular expressions RabbitMQ matches against names and routing keys), built
 * from the service's name and the services it may command; `provisionServiceBrokerUser` applies it
 * through the management API.
 *
 * Names RabbitMQ checks, and what each permission lets a service do:
 *   configure  declare (and delete) the shared exchanges and its own queues (`<service>`, `<service>.*`)
 *   write      publish to events, retry and dead-letter (orders also to commands), bind its own queues
 *              (queue.bind needs write on the queue), name the exchange a queue dead-letters to;
 *              never the default exchange (`amq.default`), which would reach any queue by its name
 *   read       bind from the shared exchanges, consume and purge its own queues
 * Topic permissions (topic exchanges only; an exchange without one lets every routing key through,
 * so every shared exchange gets one) limit the routing keys: of a publish against `write`, of a
 * queue.bind's binding key against `read`. Dead-lettering is not a publish: the broker checks write
 * on the dead-letter exchange once, when the queue is declared, and routes by the queue's
 * `x-dead-letter-routing-key` afterwards without a topic check.
 *
 * Each BFF is a broker user too (bffBrokerPolicy), for its subscriptions' live feed: it may declare
 * and consume its own exclusive queues bound to emporium.events, and publish nothing.
 */
import { bffNamed, serviceNamed } from "@emporium/registry";
import { assertServiceName } from "./sql-identifiers";
import { ensureRabbitmqUser, rabbitmqRequest, type RabbitmqManagement } from "./rabbitmq-provision";

/** The exchanges every service shares (docs/adr/0017, Topology). */
export const SHARED_EXCHANGES = {
  events: "emporium.events",
  commands: "emporium.commands",
  retry: "emporium.retry",
  deadLetter: "emporium.dead-letter",
} as const;

export interface BrokerPermissions {
  configure: string;
  write: string;
  read: string;
}

export interface TopicPermission {
  exchange: string;
  write: string;
  read: string;
}

export interface ServiceBrokerPolicy {
  permissions: BrokerPermissions;
  topicPermissions: TopicPermission[];
}

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");

/** Matches no routing key, not even the empty one (`^$` would let an empty key through). */
export const NO_ROUTING_KEY = "^(?!)$";

/**
 * What a registered service may do on the platform's vhost; it may command the services its
 * registry entry lists in `sendsCommandsTo` (only orders has any).
 */
export function serviceBrokerPolicy(service: string): ServiceBrokerPolicy {
  const commands = serviceNamed(service).sendsCommandsTo ?? [];
  assertServiceName(service);
  for (const receiver of commands) assertServiceName(receiver);
  const { events, commands: commandsExchange, retry, deadLetter } = SHARED_EXCHANGES;
  const shared = [events, commandsExchange, retry, deadLetter];
  // Every queue of a service starts with its name: `payments`, `payments.commands`, `payments.commands.retry.1000ms`.
  const ownQueues = `${escape(service)}(\\..+)?`;
  const names = (exchanges: readonly string[]) => `^(${[...exchanges.map(escape), ownQueues].join("|")})$`;
  const writable = commands.length > 0 ? shared : [events, retry, deadLetter];
  // Keys on the retry and dead-letter exchanges are queue names (`<queue>.retry.<ms>ms` to park, `<queue>` to return).
  const ownQueueKeys = `^${ownQueues}$`;
  const ownCommands = `^emporium\\.${escape(service)}\\.v1\\.[A-Za-z0-9]+Command$`;
  return {
    permissions: { configure: names(shared), write: names(writable), read: names(shared) },
    topicPermissions: [
      // Its own facts only; it may subscribe to anyone's.
      { exchange: events, write: `^emporium\\.${escape(service)}\\.v1\\.[A-Za-z0-9]+$`, read: ".*" },
      {
        exchange: commandsExchange,
        write:
          commands.length > 0
            ? `^emporium\\.(${commands.map(escape).join("|")})\\.v1\\.[A-Za-z0-9]+Command$`
            : NO_ROUTING_KEY,
        // A receiver binds its own commands; nobody listens in on another service's.
        read: ownCommands,
      },
      { exchange: retry, write: ownQueueKeys, read: ownQueueKeys },
      { exchange: deadLetter, write: ownQueueKeys, read: ownQueueKeys },
    ],
  };
}

/**
 * What a BFF may do on the platform's vhost: listen, never speak. Its live feed (startLiveFeed in
 * the platform kit) declares one exclusive queue per instance, `<bff>.live.<random>`, and binds it
 * to emporium.events by event type.
 *   configure  emporium.events (declare it idempotently) and its own live queues
 *   write      its own live queues only (queue.bind needs write on the queue); no exchange, so no
 *              publish anywhere, and every shared exchange's topic write matches no key besides
 *   read       emporium.events (bind from it, any event type) and its own live queues (consume)
 * Nothing on emporium.commands, emporium.retry or emporium.dead-letter: a BFF cannot bind to
 * commands, nor touch any service's queue.
 */
export function bffBrokerPolicy(bff: string): ServiceBrokerPolicy {
  bffNamed(bff);
  const { events } = SHARED_EXCHANGES;
  const liveQueues = `${escape(bff)}\\.live\\..+`;
  const names = (...patterns: string[]) => `^(${patterns.join("|")})$`;
  return {
    permissions: {
      configure: names(escape(events), liveQueues),
      write: names(liveQueues),
      read: names(escape(events), liveQueues),
    },
    topicPermissions: Object.values(SHARED_EXCHANGES).map((exchange) => ({
      exchange,
      write: NO_ROUTING_KEY,
      read: exchange === events ? ".*" : NO_ROUTING_KEY,
    })),
  };
}

const segment = encodeURIComponent;

/**
 * Creates or updates `user` with `password` and exactly the policy of `service` on `vhost`. Topic
 * permissions go first, so a new user never holds vhost rights without its routing-key limits.
 * Connections already open keep their cached checks until they reconnect.
 */
export async function provisionServiceBrokerUser(
  api: RabbitmqManagement,
  options: { vhost: string; user: string; password: string; service: string },
): Promise<void> {
  await provisionBrokerUser(api, options, serviceBrokerPolicy(options.service));
}

/** The same for a BFF (`bff-web`, `bff-mobile`): bffBrokerPolicy. */
export async function provisionBffBrokerUser(
  api: RabbitmqManagement,
  options: { vhost: string; user: string; password: string; bff: string },
): Promise<void> {
  await provisionBrokerUser(api, options, bffBrokerPolicy(options.bff));
}

async function provisionBrokerUser(
  api: RabbitmqManagement,
  options: { vhost: string; user: string; password: string },
  policy: ServiceBrokerPolicy,
): Promise<void> {
  await ensureRabbitmqUser(api, { name: options.user, password: options.password });
  const base = `/${segment(options.vhost)}/${segment(options.user)}`;
  for (const topic of policy.topicPermissions) await rabbitmqRequest(api, "PUT", `/topic-permissions${base}`, topic);
  await rabbitmqRequest(api, "PUT", `/permissions${base}`, policy.permissions);
}

/** Deletes the user, which closes its connections; a missing user is fine. */
export async function deleteRabbitmqUser(api: RabbitmqManagement, user: string): Promise<void> {
  await rabbitmqRequest(api, "DELETE", `/users/${segment(user)}`, undefined, [200, 204, 404]);
}
