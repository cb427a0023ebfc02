import type { DescMessage } from "@bufbuild/protobuf";
import { AppError, requireRole, type EventToRecord, type Principal } from "@emporium/platform";
import type { Contact, Notification, OutgoingMessage, WatchedProduct } from "../domain/notification";

/**
 * What the use cases need. The repositories and the mailbox are ports: declared here, implemented
 * in db/, wired in by the composition root (app.ts). A clock and an id source so tests can fix them.
 */
export interface NotificationsDeps {
  /** The repositories over the pool: each statement is its own transaction. */
  repositories: NotificationRepositories;
  /** Runs the dispatcher's `work` in one transaction. */
  dispatchTransaction<T>(work: (tx: DispatchTransaction) => Promise<T>): Promise<T>;
  clock: () => Date;
  newId: () => string;
}

/**
 * The repositories over one connection: the pool, or a transaction someone else opened (an event
 * handler's inbox transaction, so its effect and "this message was handled" commit together).
 */
export interface NotificationRepositories {
  contacts: ContactRepository;
  watches: WatchRepository;
  notifications: NotificationRepository;
  /**
   * Adds an event to the outbox on this connection. In a handler's transaction it commits with the
   * change it reports (and the inbox row), so the event exists exactly when the change does.
   */
  recordEvent<Desc extends DescMessage>(event: EventToRecord<Desc>): Promise<void>;
}

/** One transaction of the dispatcher, with a savepoint per message. */
export interface DispatchTransaction {
  messages: MessageRepository;
  /** The mailbox; a mailbox that is a table of this database writes in this transaction. */
  mailbox: Mailbox;
  /** Runs `work` under a savepoint: when it throws, its writes are undone and the error is rethrown. */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}

/** Where "sent" messages go. A real email sender would implement the same method. */
export interface Mailbox {
  deliver(message: OutgoingMessage, at: Date): Promise<void>;
}

export interface ContactRepository {
  /** The latest known address wins; an empty display name keeps the one already known. */
  upsert(contact: Contact, now: Date): Promise<void>;
  get(customerId: string): Promise<Contact | undefined>;
}

export interface WatchRepository {
  /** Idempotent: watching again keeps the first watch (and its time). */
  add(customerId: string, productId: string, now: Date): Promise<WatchedProduct>;
  remove(customerId: string, productId: string): Promise<boolean>;
  /** Newest first, keyset after (create time, product id); one more row than asked. */
  page(customerId: string, limit: number, after?: { time: string; id: string }): Promise<WatchedProduct[]>;
  /** Which of these products the customer watches (one query for a whole batch of entities). */
  watchedAmong(customerId: string, productIds: readonly string[]): Promise<Set<string>>;
  /** Everyone watching the product now, with how to reach them when known. */
  watchersOf(productId: string): Promise<Array<{ customerId: string; contact: Contact | undefined }>>;
}

/** A notification to record with its rendered message, caused by one source event. */
export interface NewNotification {
  notification: Omit<Notification, "readTime">;
  sourceEventId: string;
  message: Omit<OutgoingMessage, "notificationId">;
  /** Set for messages that cannot be delivered (e.g. no address known). */
  lastError?: string;
}

export interface NotificationRepository {
  /**
   * Records notifications and their messages. A (customer, kind, source event) that already has a
   * notification is skipped, with its message: returns the ids actually recorded.
   */
  record(items: readonly NewNotification[]): Promise<string[]>;
  /** Newest first, keyset after (create time, id); one more row than asked. */
  page(customerId: string, limit: number, after?: { time: string; id: string }): Promise<Notification[]>;
  /** Scoped to the customer: another customer's id matches nothing. Read again: unchanged. */
  markRead(customerId: string, id: string, now: Date): Promise<Notification | undefined>;
}

export interface MessageRepository {
  /** Oldest pending first, locked for this transaction; other dispatchers skip them (several instances). */
  claimPending(limit: number): Promise<OutgoingMessage[]>;
  markDelivered(id: string, at: Date): Promise<void>;
  /** Counts a failed try; after `maxAttempts` the message is given up on (status failed). */
  markAttemptFailed(id: string, error: string, maxAttempts: number): Promise<void>;
}

/** The caller as a person: "my" operations never take the customer id from the request. */
export function me(principal: Principal | undefined): Principal {
  const p = requireRole(principal, "customer", "admin");
  if (p.kind !== "user")
    throw new AppError("PERMISSION_DENIED", "watches and notifications belong to people, not services");
  return p;
}
