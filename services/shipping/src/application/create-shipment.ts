import { createHash } from "node:crypto";
import { AppError, invalidArgument, notFound, type FieldViolation } from "@emporium/platform";
import { carrierRefusal, underWay, type Address, type Shipment } from "../domain/shipment";
import { shipmentCreated, shipmentFailed } from "./shipping-events";
import type { ShippingDeps } from "./shipping-deps";

export interface CreateShipmentCommand {
  orderId: string;
  customerId: string;
  quoteId: string;
  address: Address;
  idempotencyKey: string;
  correlationId: string;
}

/**
 * Ships an order under a quote, in one transaction with its event. The carrier either takes it
 * (LABEL_CREATED, ShipmentCreated) or refuses the address (FAILED with the reason, ShipmentFailed):
 * a refusal is an outcome the saga reacts to, recorded like a success. A retry with the same key
 * returns the first result and records nothing; the key with another request is refused.
 */
export async function createShipment(deps: ShippingDeps, cmd: CreateShipmentCommand): Promise<Shipment> {
  const { idempotencyKey, ...request } = cmd;
  const requestHash = createHash("sha256").update(JSON.stringify(request)).digest("hex");
  return deps.shipping.transaction(async (tx) => {
    const previous = await tx.shipmentByKey(idempotencyKey);
    if (previous) {
      if (previous.requestHash !== requestHash)
        throw new AppError("FAILED_PRECONDITION", "this idempotency key was already used for a different request");
      return previous.shipment;
    }
    const now = deps.clock();
    const quote = await tx.lockQuote(cmd.quoteId);
    if (!quote) throw notFound("shipping quote", cmd.quoteId);
    const violations: FieldViolation[] = [];
    if (cmd.address.countryCode !== quote.destination.countryCode)
      violations.push(mismatch("country_code", quote.destination.countryCode));
    if (cmd.address.postalCode !== quote.destination.postalCode)
      violations.push(mismatch("postal_code", quote.destination.postalCode));
    if (violations.length) throw invalidArgument(violations);
    if (quote.expireTime <= now)
      throw new AppError(
        "FAILED_PRECONDITION",
        `shipping quote ${quote.id} expired at ${quote.expireTime.toISOString()}; get a new quote`,
      );
    const used = await tx.shipmentOfQuote(quote.id);
    if (used) throw new AppError("FAILED_PRECONDITION", `shipping quote ${quote.id} was used by shipment ${used.id}`);
    await tx.lockOrder(cmd.orderId);
    const current = (await tx.shipmentsOfOrder(cmd.orderId)).find((s) => underWay(s.status));
    if (current)
      throw new AppError("FAILED_PRECONDITION", `order ${cmd.orderId} already has shipment ${current.id} under way`);

    const refusal = carrierRefusal(cmd.address);
    const shipment: Shipment = {
      id: deps.newId(),
      ...request,
      serviceLevel: quote.serviceLevel,
      weightGrams: quote.weightGrams,
      price: quote.price,
      status: refusal ? "FAILED" : "LABEL_CREATED",
      failureReason: refusal ?? "",
      version: 1n,
      createTime: now,
      updateTime: now,
      nextStepTime: refusal ? undefined : new Date(now.getTime() + deps.carrierStepMs),
    };
    await tx.insertShipment(shipment, { key: idempotencyKey, requestHash });
    if (refusal) await tx.recordEvent(shipmentFailed(shipment));
    else await tx.recordEvent(shipmentCreated(shipment));
    return shipment;
  });
}

const mismatch = (field: string, quoted: string): FieldViolation => ({
  field: `address.${field}`,
  ruleId: "address.matches_quote",
  message: `the quote is for ${quoted}; ship to its destination or get a new quote`,
});
